import { RE2JS, RE2JSException } from 're2js';

/**
 * Patterns a user writes (custom redaction) run on every stored text, some of it sent by anyone
 * who can reach the ingest port: they are compiled with RE2 (re2js), which matches in time
 * linear in the text whatever the pattern. RE2 has no look-around and no back-references, the
 * two features that make backtracking engines slow.
 */
export type LinearPattern = RE2JS;

/** The compiled pattern, or a sentence saying why it cannot be used. */
export function compileLinear(
  pattern: string,
): { ok: true; re: LinearPattern } | { ok: false; error: string } {
  try {
    return { ok: true, re: RE2JS.compile(pattern) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const reason = error.message.replace(/^error parsing regexp: /, '');
    return {
      ok: false,
      error: `Not a pattern Ensemble can run safely (${reason}): use RE2 syntax, without look-around or back-references`,
    };
  }
}

/**
 * Every non-empty match of `re` in `input` replaced by what `replace` returns for it, left to
 * right; the number of replacements with it.
 */
export function replaceLinear(
  re: LinearPattern,
  input: string,
  replace: (match: string) => string,
): { text: string; count: number } {
  const m = re.matcher(input);
  let out = '';
  let last = 0;
  let count = 0;
  while (m.find()) {
    const start = m.start();
    const end = m.end();
    if (end === start) continue;
    out += input.slice(last, start) + replace(input.slice(start, end));
    last = end;
    count++;
  }
  return count === 0 ? { text: input, count } : { text: out + input.slice(last), count };
}
