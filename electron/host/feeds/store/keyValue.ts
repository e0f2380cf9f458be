/**
 * Values after a secret-looking key name in free text — `password=…`, `token: …`,
 * `"api_key": "…"`, `passphrase="a b c"` — found by a hand scan in one pass: every character is
 * looked at a bounded number of times, whatever the input (a regular expression with a key
 * alternation between two name-character runs is quadratic on a long run of key names).
 *
 * Where a value ends:
 * - quoted: at its closing quote (backslash escapes skipped), or the end of the line;
 * - unquoted: at the end of the line, at `"` `'` `,` `;` `&` `}`, or where the next `name=` /
 *   `name:` starts; so `passphrase=correct horse battery staple` loses every word.
 */

const NAME_RUN = /[A-Za-z0-9_.-]+/g;
const isName = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 95 ||
  c === 46 ||
  c === 45; // 0-9 A-Z a-z _ . -
const isBlank = (c: number) => c === 32 || c === 9;
const isQuote = (c: number) => c === 34 || c === 39;
const isLineEnd = (c: number) => c === 10 || c === 13;
/** Characters that end an unquoted value: " ' , ; & } */
const isStop = (c: number) => c === 34 || c === 39 || c === 44 || c === 59 || c === 38 || c === 125;

/** Where the unquoted value starting at `from` ends. */
function unquotedEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineEnd(c) || isStop(c)) return i;
    if (isBlank(c)) {
      // A blank followed by `name=` or `name:` starts the next field.
      let j = i + 1;
      while (j < text.length && isBlank(text.charCodeAt(j))) j++;
      let k = j;
      while (k < text.length && isName(text.charCodeAt(k))) k++;
      if (k > j && k < text.length) {
        const sep = text.charCodeAt(k);
        if (sep === 61 || sep === 58) return i; // = :
      }
      i = k > j ? k : j;
      continue;
    }
    i++;
  }
  return i;
}

/** Where the value quoted by `quote` at `from - 1` ends (the closing quote's index). */
function quotedEnd(text: string, from: number, quote: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92)
      i += 2; // a backslash escape
    else if (c === quote || isLineEnd(c)) return Math.min(i, text.length);
    else i++;
  }
  return text.length;
}

/**
 * Replaces every value after a name that `secretName` accepts with `replacement()`; a value that
 * is already a redaction marker stays (and is not counted again).
 */
export function redactKeyValues(
  text: string,
  secretName: (name: string) => boolean,
  replacement: () => string,
): string {
  let out = '';
  let copied = 0;
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    const nameEnd = NAME_RUN.lastIndex;
    if (!secretName(m[0])) continue;
    // ["']? [ \t]* [:=] [ \t]*
    let i = nameEnd;
    if (i < text.length && isQuote(text.charCodeAt(i))) i++;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    const sep = text.charCodeAt(i);
    if (sep !== 61 && sep !== 58) continue;
    i++;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    const open = text.charCodeAt(i);
    const quoted = isQuote(open);
    const start = quoted ? i + 1 : i;
    const end = quoted ? quotedEnd(text, start, open) : unquotedEnd(text, start);
    let valueEnd = end;
    while (!quoted && valueEnd > start && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
    if (valueEnd > start && !text.startsWith('[redacted:', start)) {
      out += text.slice(copied, start) + replacement();
      copied = valueEnd;
    }
    NAME_RUN.lastIndex = Math.max(end, nameEnd);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
