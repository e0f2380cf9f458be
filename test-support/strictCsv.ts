import Papa from 'papaparse';
import { expect } from 'vitest';
import { CSV_COLUMNS } from '../electron/host/exports/csv';

/**
 * Reads the CSV strictly, the way an importer does: RFC 4180 quoting (papaparse reports a bare
 * or unclosed quote), CRLF records with one at the end, every record exactly as many fields as
 * the header, no empty record; then by header, the three Labels columns together.
 */
export function strictRows(content: string): string[][] {
  expect(content.endsWith('\r\n')).toBe(true);
  const parsed = Papa.parse<string[]>(content.slice(0, -2), {
    delimiter: ',',
    newline: '\r\n',
    quoteChar: '"',
    skipEmptyLines: false,
  });
  expect(parsed.errors).toEqual([]);
  for (const row of parsed.data) expect(row).toHaveLength(CSV_COLUMNS.length);
  return parsed.data;
}
