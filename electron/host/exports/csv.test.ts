import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FINDING_STATUS_LABELS } from '../../../shared/domain/debrief';
import type { ReportModel } from '../../../shared/domain/record';
import { evidenceLines } from './common';
import { CSV_COLUMNS } from './csv';
import { fixtureModel } from '../../../test-support/reportFixture';
import { renderExport } from './index';

/** Reads the CSV the way an importer does: by header, the three Labels columns together. */
function readBack(content: string) {
  const [head, ...rows] = Papa.parse<string[]>(content.trim(), { skipEmptyLines: true }).data;
  const col = (name: string) => head!.indexOf(name);
  const labels = head!.flatMap((h, i) => (h === 'Labels' ? [i] : []));
  return rows.map((r) => ({
    summary: r[col('Summary')],
    description: r[col('Description')],
    issueType: r[col('Issue Type')],
    priority: r[col('Priority')],
    labels: labels.map((i) => r[i]),
    status: r[col('Status')],
    goal: r[col('Goal')],
    owner: r[col('Owner')],
    evidence: r[col('Evidence')],
    id: r[col('Ensemble ID')],
    ref: r[col('Ensemble Ref')],
  }));
}

describe('findings CSV', () => {
  it('parses back to the same findings, one row each, with tracker values', () => {
    const file = renderExport('csv', fixtureModel);
    expect(file.mime).toBe('text/csv');
    expect(file.content.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = readBack(file.content);
    // The secrets in F-1 are redacted: compare against the redacted texts.
    const findings = fixtureModel.record.findings;
    expect(rows).toHaveLength(findings.length);
    rows.forEach((row, i) => {
      const f = findings[i]!;
      expect(row.id).toBe(f.id);
      expect(row.ref).toBe(f.ref);
      expect(row.summary).toBe(f.title);
      expect(row.status).toBe(FINDING_STATUS_LABELS[f.status]);
      expect(row.goal).toBe(f.goal?.title ?? '');
      expect(row.owner).toBe(f.owner?.name ?? '');
      expect(row.labels).toEqual(['ensemble', f.type, f.severity]);
      for (const label of row.labels) expect(label).toMatch(/^\S+$/);
      expect(row.evidence!.split('\n').filter(Boolean)).toEqual(evidenceLines(f));
    });
    expect(rows.map((r) => [r.issueType, r.priority])).toEqual([
      ['Bug', 'Highest'],
      ['Task', 'High'],
      ['Bug', 'Medium'],
      ['Task', 'Low'],
    ]);
    expect(rows[2]!.description).toMatch(/^The shipping step waits for all carriers/);
    expect(rows[0]!.description).toContain(
      'Evidence:\n- Error group TimeoutError:payment-callback',
    );
    expect(rows[0]!.description).toContain('Finding F-1 of the Ensemble session');
  });

  it('keeps a finding with commas, quotes and line breaks in one cell', () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    model.record.findings[2]!.title = 'Totals "round", then\nround again';
    const rows = readBack(renderExport('csv', model).content);
    expect(rows[2]!.summary).toBe('Totals "round", then\nround again');
    expect(rows).toHaveLength(4);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    model.record.findings[1]!.title = '=HYPERLINK("http://evil.example","click")';
    model.record.findings[2]!.title = '@SUM(A1:A9)';
    model.record.findings[3]!.description = '+1 vote\n=cmd|/c calc';
    model.record.findings[3]!.owner = { id: 'x', name: '-2+3' };
    const rows = readBack(renderExport('csv', model).content);
    expect(rows[1]!.summary).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[2]!.summary).toBe("'@SUM(A1:A9)");
    expect(rows[3]!.description!.startsWith("'+1 vote")).toBe(true);
    expect(rows[3]!.owner).toBe("'-2+3");
    expect(rows[0]!.summary).toBe('Order confirmation hangs after 3-D Secure');
  });
});
