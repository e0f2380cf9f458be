/**
 * Findings as CSV for issue-tracker importers. The columns follow Jira's CSV importer (Summary,
 * Description, Issue Type, Priority, Labels repeated once per label, Status, Resolution,
 * Assignee); Linear imports Jira CSV.
 */
import Papa from 'papaparse';
import type { FindingType, Severity } from '../../../shared/domain/debrief';
import type { RecordFinding, ReportModel } from '../../../shared/domain/record';
import type { FindingStatus } from '../../../shared/domain/debrief';
import {
  evidenceLines,
  type ExportFile,
  filename,
  goalOf,
  ownerOf,
  type TrackerOptions,
  trackerSource,
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

/**
 * Jira's Status and Resolution as its default workflow and resolution list name them: what is
 * still to do has no resolution; fixed and won't-fix findings are Done with a resolution.
 */
export const JIRA_STATUS: { [K in FindingStatus]: { status: string; resolution: string } } = {
  open: { status: 'To Do', resolution: '' },
  accepted: { status: 'To Do', resolution: '' },
  fixed: { status: 'Done', resolution: 'Fixed' },
  'wont-fix': { status: 'Done', resolution: "Won't Fix" },
};
/** The status as Ensemble names it, with a straight apostrophe (tracker values are typed). */
const ENSEMBLE_STATUS: { [K in FindingStatus]: string } = {
  open: 'Open',
  accepted: 'Accepted',
  fixed: 'Fixed',
  'wont-fix': "Won't fix",
};

/** Jira refuses a Summary longer than 255 characters or with a line break in it. */
export const SUMMARY_MAX = 255;
export function summaryOf(title: string): string {
  const flat = title.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (flat.length <= SUMMARY_MAX) return flat;
  let cut = flat.slice(0, SUMMARY_MAX - 1);
  // Never leave half of a surrogate pair (Jira counts UTF-16 units, as JavaScript does).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export const CSV_COLUMNS = [
  'Summary',
  'Description',
  'Issue Type',
  'Priority',
  'Labels',
  'Labels',
  'Labels',
  'Status',
  'Resolution',
  'Assignee',
  'Goal',
  'Ensemble Owner',
  'Ensemble Status',
  'Evidence',
  'Ensemble ID',
  'Ensemble Ref',
] as const;

/** Labels have no spaces in Jira: "follow-up" and "wont-fix" already fit. */
export const labelsOf = (f: RecordFinding) => ['ensemble', f.type, f.severity];

function description(f: RecordFinding, session: string, source: string): string {
  const evidence = evidenceLines(f);
  return [
    // The Summary is cut at 255 characters and on one line: the title as written starts here.
    summaryOf(f.title) === f.title ? '' : f.title,
    f.description.trim(),
    evidence.length ? `Evidence:\n${evidence.map((l) => `- ${l}`).join('\n')}` : '',
    `Finding ${f.ref} of the Ensemble session "${session}", ${source}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * One row per finding under the header; a session without findings is the header alone (no
 * empty record). The Assignee is the owner's e-mail when the owner has one, else empty: Jira
 * matches users by e-mail, never by a display name. Which findings (as signed or current) is
 * said in every Description and in the file name.
 */
export function renderCsv(model: ReportModel, options: TrackerOptions = {}): ExportFile {
  const r = model.record;
  const source = trackerSource(r, options);
  const content = Papa.unparse(
    {
      fields: [...CSV_COLUMNS],
      data: r.findings.map((f) => [
        summaryOf(f.title),
        description(f, r.session.title, source.sentence),
        ISSUE_TYPE[f.type],
        PRIORITY[f.severity],
        ...labelsOf(f),
        JIRA_STATUS[f.status].status,
        JIRA_STATUS[f.status].resolution,
        (f.owner && options.assignees?.[f.owner.id]) ?? '',
        goalOf(f),
        ownerOf(f),
        ENSEMBLE_STATUS[f.status],
        evidenceLines(f).join('\n'),
        f.id,
        f.ref,
      ]),
    },
    // A cell starting with = + - @ tab or CR gets a leading apostrophe: no formula runs. The
    // pattern is ours because papaparse's own default misses cells that span lines.
    { newline: '\r\n', escapeFormulae: FORMULA },
  );
  return {
    filename: filename(r, `findings-${source.suffix}.csv`),
    mime: 'text/csv',
    content: content.endsWith('\r\n') ? content : `${content}\r\n`,
  };
}
