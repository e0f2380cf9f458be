/** One `key=value` of a logfmt line; a quoted value is unescaped. */
export type LogfmtPair = [key: string, value: string];

const isSpace = (c: number) => c <= 32;
const QUOTE = 34; // "
const EQUALS = 61; // =
const BACKSLASH = 92;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

/**
 * The key=value pairs of a logfmt line (`time=… level=error msg="quoted \"value\"" tenant=acme`),
 * in one left-to-right pass: every character is looked at a bounded number of times, so no input
 * can make it slow. Bare words (text between pairs) are skipped; an unterminated quote runs to
 * the end of the line.
 */
export function logfmtPairs(line: string): LogfmtPair[] {
  const pairs: LogfmtPair[] = [];
  const n = line.length;
  let i = 0;
  /** A quoted string from the opening quote at i; i ends after the closing one. */
  const quoted = () => {
    i++;
    let out = '';
    let from = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH && i + 1 < n) {
        const next = line[i + 1]!;
        out += line.slice(from, i) + (ESCAPES[next] ?? next);
        i += 2;
        from = i;
      } else i++;
    }
    out += line.slice(from, i);
    if (i < n) i++; // the closing quote
    return out;
  };
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    const start = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (isSpace(c) || c === EQUALS || c === QUOTE) break;
      i++;
    }
    const key = line.slice(start, i);
    if (i < n && line.charCodeAt(i) === EQUALS) {
      i++;
      let value: string;
      if (i < n && line.charCodeAt(i) === QUOTE) value = quoted();
      else {
        const from = i;
        while (i < n && !isSpace(line.charCodeAt(i))) i++;
        value = line.slice(from, i);
      }
      if (key) pairs.push([key, value]);
    } else if (i < n && line.charCodeAt(i) === QUOTE) quoted();
    else while (i < n && !isSpace(line.charCodeAt(i))) i++;
  }
  return pairs;
}

const KEY = /^[A-Za-z_@][\w.@/-]{0,99}=/;

/** Whether a line is logfmt: it starts with a key=value pair (after any timestamp prefix). */
export const looksLogfmt = (line: string) => KEY.test(line);
