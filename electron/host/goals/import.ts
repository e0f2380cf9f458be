import Papa from 'papaparse';
import { ApiError } from '../../../shared/api/errors';
import {
  GoalFields,
  type ImportFormat,
  type ImportPreview,
  type Priority,
} from '../../../shared/domain/goals';

/** Column names that hold the goal itself, in order of preference. */
const TITLE_COLUMNS = ['title', 'text', 'goal', 'content'];
const KNOWN_COLUMNS: Record<string, 'priority' | 'owner' | 'detail'> = {
  priority: 'priority',
  owner: 'owner',
  detail: 'detail',
  details: 'detail',
  description: 'detail',
};
export const MAX_IMPORT_ROWS = 1000;

/** Accepts must/should/could in any case, MoSCoW "must have", and M/S/C. Empty → should. */
export function parsePriority(raw: string | undefined): Priority | { error: string } {
  const v = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (v === '') return 'should';
  const match = /^(must|should|could)( have)?$/.exec(v) ?? /^(m|s|c)$/.exec(v);
  if (!match) return { error: `Priority "${raw!.trim()}" is not must, should or could` };
  const word = match[1]!;
  return word.length === 1
    ? ({ m: 'must', s: 'should', c: 'could' } as const)[word as 'm' | 's' | 'c']
    : (word as Priority);
}

type Row = { line: number; text: string; fields: Record<string, string | undefined> };

function validateRows(format: ImportFormat, rows: Row[], ignoredColumns: string[]): ImportPreview {
  const preview: ImportPreview = { format, accepted: [], rejected: [], ignoredColumns };
  for (const row of rows) {
    const priority = parsePriority(row.fields.priority);
    if (typeof priority === 'object') {
      preview.rejected.push({ line: row.line, text: row.text, reason: priority.error });
      continue;
    }
    const parsed = GoalFields.safeParse({
      title: row.fields.title ?? '',
      detail: row.fields.detail ?? '',
      owner: row.fields.owner ?? '',
      priority,
    });
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => i.message).join('; ');
      preview.rejected.push({ line: row.line, text: row.text, reason });
      continue;
    }
    preview.accepted.push({ ...parsed.data, line: row.line });
  }
  return preview;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter the header row uses most (outside quotes), comma when it has none. Papaparse can
 * guess too, but it does so by parsing the first rows once per candidate: on a crafted 2 MB
 * quoted field that is eight times the work of one parse.
 */
function headerDelimiter(source: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of source) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c))
      counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return DELIMITERS.reduce((a, b) => ((counts.get(b) ?? 0) > (counts.get(a) ?? 0) ? b : a));
}

export function parseCsvGoals(text: string): ImportPreview {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new ApiError('invalid_argument', 'The file is empty');
  const result = Papa.parse<string[]>(source, {
    skipEmptyLines: 'greedy',
    delimiter: headerDelimiter(source),
  });
  const [header, ...data] = result.data;
  if (!header) throw new ApiError('invalid_argument', 'The file has no header row');
  if (data.length > MAX_IMPORT_ROWS) {
    throw new ApiError(
      'invalid_argument',
      `The file has ${data.length} rows; at most ${MAX_IMPORT_ROWS} goals can be imported at once`,
    );
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const titleIndex = TITLE_COLUMNS.map((c) => names.indexOf(c)).find((i) => i >= 0);
  if (titleIndex === undefined) {
    throw new ApiError(
      'invalid_argument',
      `No goal column found: the header row needs a column named title, text, goal or content (found: ${header.map((h) => h.trim() || '(blank)').join(', ')})`,
    );
  }
  const columns = new Map<number, string>([[titleIndex, 'title']]);
  const ignored: string[] = [];
  names.forEach((name, i) => {
    if (i === titleIndex) return;
    const known = KNOWN_COLUMNS[name];
    if (known && ![...columns.values()].includes(known)) columns.set(i, known);
    else if (name !== '') ignored.push(header[i]!.trim());
  });

  // Papaparse reports malformed rows (unclosed quotes, wrong field count) by data-row index.
  const rowErrors = new Map<number, string>();
  for (const e of result.errors) {
    if (e.row === undefined) continue;
    if (e.code === 'TooFewFields' || e.code === 'UndetectableDelimiter') continue;
    rowErrors.set(e.row - 1, e.code === 'MissingQuotes' ? 'Unclosed quote' : e.message);
  }
  const rows: Row[] = [];
  const malformed: ImportPreview['rejected'] = [];
  data.forEach((cells, i) => {
    const line = i + 2; // header is row 1, as a spreadsheet numbers it
    const textOfRow = cells.join(result.meta.delimiter || ',').slice(0, 200);
    const error = rowErrors.get(i);
    if (error) {
      malformed.push({ line, text: textOfRow, reason: error });
      return;
    }
    const fields: Record<string, string | undefined> = {};
    columns.forEach((field, index) => (fields[field] = cells[index]));
    rows.push({ line, text: textOfRow, fields });
  });
  const checked = validateRows('csv', rows, ignored);
  return {
    ...checked,
    rejected: [...malformed, ...checked.rejected].sort((a, b) => a.line - b.line),
  };
}

/**
 * Only the line starts are matched with patterns, and those are anchored with no two adjacent
 * parts able to take the same characters; the rest of a line is trimmed by hand. The former
 * `^\s*#{1,6}\s+(.*?)\s*#*\s*$` backtracked cubically on a run of spaces inside a heading
 * (a 3 KB line took seconds, 8 KB more than a minute).
 */
const CHECKLIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]/;
const HEADING = /^\s*#{1,6}(?:\s|$)/;
/** CommonMark's line endings: CRLF, LF or a lone CR. */
const LINE_END = /\r\n|\r|\n/;

/** A heading's text without its optional closing run of `#` (CommonMark: after a space). */
function headingText(rest: string): string {
  const text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  return end === 0 ? '' : /\s/.test(text[end - 1]!) ? text.slice(0, end).trimEnd() : text;
}

/**
 * Markdown checklist: every `- [ ] goal` (or `* [x]`, `1. [ ]`) line is a goal. A heading
 * named Must / Should / Could (optionally "… have") sets the priority of the items below it.
 */
export function parseMarkdownGoals(text: string): ImportPreview {
  const lines = text.replace(/^\uFEFF/, '').split(LINE_END);
  let sectionPriority = '';
  const rows: Row[] = [];
  lines.forEach((raw, i) => {
    const heading = HEADING.exec(raw);
    if (heading) {
      const title = headingText(raw.slice(heading[0].length));
      const p = parsePriority(title);
      sectionPriority = typeof p === 'string' && title !== '' ? p : '';
      return;
    }
    const item = CHECKLIST_ITEM.exec(raw);
    if (!item) return;
    rows.push({
      line: i + 1,
      text: raw.trim().slice(0, 200),
      fields: { title: raw.slice(item[0].length).trim(), priority: sectionPriority },
    });
  });
  if (rows.length === 0) {
    throw new ApiError(
      'invalid_argument',
      'No checklist items found: expected lines like "- [ ] goal"',
    );
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ApiError(
      'invalid_argument',
      `The file has ${rows.length} items; at most ${MAX_IMPORT_ROWS} goals can be imported at once`,
    );
  }
  return validateRows('markdown', rows, []);
}

export function parseGoalImport(format: ImportFormat, text: string): ImportPreview {
  return format === 'csv' ? parseCsvGoals(text) : parseMarkdownGoals(text);
}
