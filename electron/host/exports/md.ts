/** Markdown helpers that keep outside text as text: no stray emphasis, links, HTML or tables. */

/**
 * Backslash-escapes the punctuation Markdown would act on (CommonMark allows it before any). A
 * bracket only makes a link or a link definition when `(`, `[` or `:` follows its closing one,
 * so only that one is escaped and markers like [redacted:email] stay readable.
 */
export const mdInline = (s: string) =>
  s.replace(/[\\`*_<>|~#!]/g, (c) => `\\${c}`).replace(/\](?=[([:])/g, '\\]');

/** A paragraph of outside text: escaped, with line starts that would make lists or quotes neutralised. */
export const mdBlock = (s: string) =>
  mdInline(s.trim())
    .replace(/^(\s*)([-+=]+|\d+[.)])(?=\s|$)/gm, (_m, sp: string, mark: string) =>
      /\d/.test(mark) ? `${sp}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${sp}\\${mark}`,
    )
    .replace(/([^\n])\n(?!\n)/g, '$1  \n');

/** A table cell: one line. */
export const mdCell = (s: string) => mdInline(s).replace(/\s*\n\s*/g, ' ');

export const mdTable = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** Inline code for identifiers; a backtick inside widens the fence. */
export const mdCode = (s: string) => {
  const one = s.replace(/\n/g, ' ');
  const fence = one.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${one}${fence.length > 1 ? ' ' : ''}${fence}`;
};
