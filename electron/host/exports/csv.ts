/**
 * Findings as CSV for issue-tracker importers. The columns follow Jira's CSV importer (Summary,
 * Description, Issue Type, Priority, Labels repeated once per label); Linear imports Jira CSV.
 */
import Papa from 'papaparse';
import type { FindingType, Severity } from '../../../shared/domain/debrief';
import type { RecordFinding, ReportModel } from '../../../shared/domain/record';
import {
  evidenceLines,
  type ExportFile,
  filename,
  FINDING_STATUS_LABELS,
  goalOf,
  ownerOf,
} from './common';

/** Jira's default issue types: defects are Bugs, everything else a Task. */
export const ISSUE_TYPE: { [K in FindingType]: 'Bug' | 'Task' } = {
  bug: 'Bug',
  performance: 'Bug',
  data: 'Bug',
  security: 'Bug',
  usability: 'Task',
  question: 'Task',
  'follow-up': 'Task',
};
/** Jira's default priority scheme: Highest, High, Medium, Low, Lowest. */
export const PRIORITY: { [K in Severity]: string } = {
  blocker: 'Highest',
  major: 'High',
  minor: 'Medium',
  trivial: 'Low',
};
export const FORMULA = /^[=+\-@\t\r]/;

export const CSV_COLUMNS = [
  'Summary',
  'Description',
  'Issue Type',
  'Priority',
  'Labels',
  'Labels',
  'Labels',
  'Status',
  'Goal',
  'Owner',
  'Evidence',
  'Ensemble ID',
  'Ensemble Ref',
] as const;

/** Labels have no spaces in Jira: "follow-up" and "wont-fix" already fit. */
export const labelsOf = (f: RecordFinding) => ['ensemble', f.type, f.severity];

function description(f: RecordFinding, session: string): string {
  const evidence = evidenceLines(f);
  return [
    f.description.trim(),
    evidence.length ? `Evidence:\n${evidence.map((l) => `- ${l}`).join('\n')}` : '',
    `Finding ${f.ref} of the Ensemble session "${session}".`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function renderCsv(model: ReportModel): ExportFile {
  const r = model.record;
  const content = Papa.unparse(
    {
      fields: [...CSV_COLUMNS],
      data: r.findings.map((f) => [
        f.title,
        description(f, r.session.title),
        ISSUE_TYPE[f.type],
        PRIORITY[f.severity],
        ...labelsOf(f),
        FINDING_STATUS_LABELS[f.status],
        goalOf(f),
        ownerOf(f),
        evidenceLines(f).join('\n'),
        f.id,
        f.ref,
      ]),
    },
    // A cell starting with = + - @ tab or CR gets a leading apostrophe: no formula runs. The
    // pattern is ours because papaparse's own default misses cells that span lines.
    { newline: '\r\n', escapeFormulae: FORMULA },
  );
  return { filename: filename(r, 'findings.csv'), mime: 'text/csv', content: `${content}\r\n` };
}
