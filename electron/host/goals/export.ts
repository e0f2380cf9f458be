import Papa from 'papaparse';
import type { Goal } from '../../../shared/domain/goals';
import { totalDots } from '../../../shared/domain/goals';

/** Cells a spreadsheet would run as a formula get a leading quote (CSV injection). */
const neutralise = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Goals as CSV with the same columns the importer reads, so an export re-imports as is. */
export function goalsToCsv(goals: readonly Goal[]): string {
  return Papa.unparse(
    {
      fields: ['title', 'priority', 'owner', 'detail', 'votes'],
      data: goals.map((g) => [
        neutralise(g.title),
        g.priority,
        neutralise(g.owner),
        neutralise(g.detail),
        String(totalDots(g)),
      ]),
    },
    { newline: '\r\n' },
  );
}

export const csvFilename = (title: string) =>
  `${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'session'
  }-goals.csv`;
