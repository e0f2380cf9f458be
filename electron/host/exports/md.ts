/**
 * Markdown built only from escaped values, the way htmlKit builds HTML: the `mdt` tag escapes
 * every interpolated string, so outside text (labels, names, notes, keys…) can only ever end up
 * as text. Markdown this module made (`Md`) passes as it is; there is no way to mark a string
 * as trusted. The target is CommonMark with GitHub's tables and strikethrough, raw HTML on.
 *
 * Every pattern here matches in linear time: no two adjacent parts can take the same
 * characters, and lookaheads are bounded.
 */
const MD = Symbol('markdown');
export type Md = { readonly [MD]: string };

type Value = Md | string | number | null | undefined | false | readonly Value[];

const isMd = (v: unknown): v is Md => typeof v === 'object' && v !== null && MD in (v as object);
const make = (s: string): Md => ({ [MD]: s });
export const toMarkdown = (m: Md) => m[MD];

/** Line endings as CommonMark counts them. */
const LINE_END = /\r\n|\r|\n/;

/**
 * One line of outside text as inline Markdown. Escapes the punctuation Markdown would act on
 * (CommonMark allows a backslash before any), an `&` that starts an entity, a `]` that would
 * close a link (followed by `(`, `[`, `:` or at the end, where the template may go on with
 * one), and a list, underline or task-box (`[ ]`) marker at the start. Any run of white space with a line
 * break becomes one space. `[redacted:email]` stays readable.
 */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws))
    .trim()
    .replace(/[\\`*_<>|~#!]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]{1,32};)/g, '\\&')
    .replace(/\](?=[([:]|$)/g, '\\]')
    .replace(/^(?:[-+=]+|\d{1,9}[.)])(?=\s|$)|^\[/, (mark) =>
      /\d/.test(mark) ? `${mark.slice(0, -1)}\\${mark.slice(-1)}` : `\\${mark}`,
    );
}

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (isMd(v)) return v[MD];
  return inline(String(v));
}

/** Markdown from a template (not named `md`: Prettier would reformat it as Markdown): strings
 * and numbers are escaped, `Md` values kept. */
export function mdt(strings: TemplateStringsArray, ...values: Value[]): Md {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return make(out);
}

/** Values joined by a separator made here (`mdt\`, \``). */
export const join = (values: readonly Value[], separator: Md): Md =>
  make(values.map(render).join(separator[MD]));

/** One value per line ('' is a blank line; null, undefined and false none); an array is a run of lines. */
export const lines = (...values: Value[]): Md =>
  make(
    values
      .filter((v) => v !== null && v !== undefined && v !== false)
      .map((v) => (Array.isArray(v) ? lines(...(v as Value[]))[MD] : render(v)))
      .join('\n'),
  );

/**
 * Outside text as paragraphs: each line escaped on its own (so none can start a list, a quote,
 * a heading, a code block or a setext underline), single line breaks kept as hard breaks, runs
 * of blank lines as one paragraph break. Empty text gives `_none_`.
 */
export function block(text: string, none: string): Md {
  const paragraphs: string[][] = [[]];
  for (const line of text.split(LINE_END)) {
    const escaped = inline(line);
    if (escaped) paragraphs[paragraphs.length - 1]!.push(escaped);
    else if (paragraphs[paragraphs.length - 1]!.length) paragraphs.push([]);
  }
  const kept = paragraphs.filter((p) => p.length).map((p) => p.join('  \n'));
  return kept.length ? make(kept.join('\n\n')) : mdt`_${none}_`;
}

/** Inline code: the fence is one backtick longer than any run inside, so nothing closes it. */
export function code(text: string): Md {
  const one = text.replace(/[\r\n]+/g, ' ');
  if (one === '') return make('');
  let longest = 0;
  let run = 0;
  for (const c of one) {
    run = c === '`' ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end when both have one: pad when that would bite.
  const pad = /^[ `]|[ `]$/.test(one) && one.trim() !== '' ? ' ' : '';
  return make(`${fence}${pad}${one}${pad}${fence}`);
}

/** A `|` that is not backslash-escaped would split a table cell. */
function hasBarePipe(s: string): boolean {
  let slashes = 0;
  for (const c of s) {
    if (c === '|' && slashes % 2 === 0) return true;
    slashes = c === '\\' ? slashes + 1 : 0;
  }
  return false;
}

type Cell = Md | string | number;
const cell = (v: Cell): string => {
  const s = render(v);
  if (/[\r\n]/.test(s) || hasBarePipe(s))
    throw new Error(`A Markdown table cell must be one line without a bare |: ${s.slice(0, 80)}`);
  return s;
};

/** A GitHub-style table; every cell is escaped text or one line of Markdown made here. */
export const table = (head: readonly Cell[], rows: readonly (readonly Cell[])[]): Md =>
  make(
    [
      `| ${head.map(cell).join(' | ')} |`,
      `| ${head.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n'),
  );
