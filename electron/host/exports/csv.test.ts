import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import { evidenceLines } from './common';
import { CSV_COLUMNS, JIRA_STATUS, SUMMARY_MAX } from './csv';
import { strictRows } from '../../../test-support/strictCsv';
import { fixtureModel } from '../../../test-support/reportFixture';
import { renderExport } from './index';

function readBack(content: string) {
  const [head, ...rows] = strictRows(content);
  const col = (name: string) => head!.indexOf(name);
  const labels = head!.flatMap((h, i) => (h === 'Labels' ? [i] : []));
  return rows.map((r) => ({
    summary: r[col('Summary')],
    description: r[col('Description')],
    issueType: r[col('Issue Type')],
    priority: r[col('Priority')],
    labels: labels.map((i) => r[i]),
    status: r[col('Status')],
    resolution: r[col('Resolution')],
    assignee: r[col('Assignee')],
    ensembleStatus: r[col('Ensemble Status')],
    goal: r[col('Goal')],
    owner: r[col('Ensemble Owner')],
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
      expect([row.status, row.resolution]).toEqual([
        JIRA_STATUS[f.status].status,
        JIRA_STATUS[f.status].resolution,
      ]);
      expect(row.assignee).toBe('');
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
    expect(rows[0]!.description).toContain(
      'Finding F-1 of the Ensemble session "Checkout v2 on the internal tenant", as signed with decision version 1 on 2026-05-04 10:48 UTC.',
    );
    expect(file.filename).toMatch(/-findings-signed\.csv$/);
  });

  it("maps statuses to Jira's Status and Resolution, with a straight apostrophe", () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    model.record.findings[3]!.status = 'wont-fix';
    const rows = readBack(renderExport('csv', model).content);
    expect(rows.map((r) => [r.status, r.resolution, r.ensembleStatus])).toEqual([
      ['Done', 'Fixed', 'Fixed'],
      ['To Do', '', 'Open'],
      ['To Do', '', 'Open'],
      ['Done', "Won't Fix", "Won't fix"],
    ]);
  });

  it('a session with no findings is the header alone: no empty record', () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    model.record.findings = [];
    const { content } = renderExport('csv', model);
    expect(content).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(strictRows(content)).toEqual([[...CSV_COLUMNS]]);
  });

  it('cuts a 300-character title to a one-line Summary and keeps it whole in the Description', () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    const title = `${'Checkout hangs, "again", '.repeat(11)}then\nstops`.padEnd(300, 'x');
    expect(title).toHaveLength(300);
    model.record.findings[2]!.title = title;
    model.record.findings[3]!.title = `${'a'.repeat(254)}😀 tail`;
    const rows = readBack(renderExport('csv', model).content);
    expect(rows).toHaveLength(4);
    expect(rows[2]!.summary!.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(rows[2]!.summary).toMatch(/^Checkout hangs, "again", .*…$/);
    expect(rows[2]!.summary).not.toMatch(/[\r\n]/);
    expect(rows[2]!.description!.startsWith(`${title}\n\n`)).toBe(true);
    // A character outside the BMP is never cut in half.
    expect(rows[3]!.summary).toBe(`${'a'.repeat(254)}…`);
    // Short one-line titles are the Summary as they are, and not repeated.
    expect(rows[1]!.summary).toBe(fixtureModel.record.findings[1]!.title);
    expect(rows[1]!.description!.startsWith(fixtureModel.record.findings[1]!.title)).toBe(false);
  });

  it('fills the Assignee with the e-mail address it is given, never a display name', () => {
    const owner = fixtureModel.record.findings[1]!.owner!;
    const rows = readBack(
      renderExport('csv', fixtureModel, { assignees: { [owner.id]: 'ana@example.com' } }).content,
    );
    expect(rows[1]!.assignee).toBe('ana@example.com');
    expect(rows[1]!.owner).toBe(owner.name);
    expect(rows[2]!.assignee).toBe('');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const model = structuredClone(fixtureModel) as ReportModel;
    model.record.findings[1]!.title = '=HYPERLINK("http://evil.example","click")';
    model.record.findings[2]!.title = '@SUM(A1:A9)';
    model.record.findings[3]!.description = '+1 vote\n=cmd|/c calc';
    model.record.findings[3]!.owner = { id: 'x', name: '-2+3' };
    model.record.findings[0]!.owner = { id: 'y', name: 'Y' };
    const rows = readBack(renderExport('csv', model, { assignees: { y: '@x.example' } }).content);
    expect(rows[0]!.assignee).toBe("'@x.example");
    expect(rows[1]!.summary).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[2]!.summary).toBe("'@SUM(A1:A9)");
    expect(rows[3]!.description!.startsWith("'+1 vote")).toBe(true);
    expect(rows[3]!.owner).toBe("'-2+3");
    expect(rows[0]!.summary).toBe('Order confirmation hangs after 3-D Secure');
  });
});
