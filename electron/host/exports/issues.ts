/** Markdown issue drafts, one per finding still open or accepted, to paste into a tracker. */
import type { RecordFinding, ReportModel } from '../../../shared/domain/record';
import {
  evidenceLines,
  type ExportFile,
  filename,
  FINDING_STATUS_LABELS,
  isUnsettled,
  SEVERITY_LABELS,
  type TrackerOptions,
  trackerSource,
  when,
} from './common';
import { ISSUE_TYPE, labelsOf, PRIORITY } from './csv';
import { block, lines, mdt, type Md, toMarkdown } from './md';

function draft(f: RecordFinding, session: string, source: string): Md {
  const evidence = evidenceLines(f);
  return lines(
    mdt`## ${f.title}`,
    '',
    mdt`- **Type:** ${ISSUE_TYPE[f.type]} (${f.type})`,
    mdt`- **Priority:** ${PRIORITY[f.severity]} (${SEVERITY_LABELS[f.severity]})`,
    mdt`- **Labels:** ${labelsOf(f).join(', ')}`,
    mdt`- **Status in Ensemble:** ${FINDING_STATUS_LABELS[f.status]}`,
    f.goal && mdt`- **Goal:** ${f.goal.title}`,
    f.owner && mdt`- **Owner:** ${f.owner.name}`,
    '',
    block(f.description, 'No description.'),
    f.notes.length > 0 && [
      '',
      mdt`### Notes`,
      '',
      f.notes.map((n) => mdt`- ${when(n.at)}: ${n.text}`),
    ],
    evidence.length > 0 && ['', mdt`### Evidence`, '', evidence.map((l) => mdt`- ${l}`)],
    '',
    mdt`_Finding ${f.ref} (${f.id}) of the Ensemble session “${session}”, ${source}._`,
  );
}

export function renderIssues(model: ReportModel, options: TrackerOptions = {}): ExportFile {
  const r = model.record;
  const source = trackerSource(r, options);
  const open = r.findings.filter(isUnsettled);
  const content = lines(
    mdt`# Follow-ups from ${r.session.title}`,
    '',
    open.length
      ? mdt`${open.length} ${open.length === 1 ? 'finding is' : 'findings are'} still open or accepted, ${source.sentence}. Each section below is one issue draft.`
      : mdt`Every finding is fixed or set aside, ${source.sentence}: nothing to follow up.`,
    open.map((f) => lines('', mdt`---`, '', draft(f, r.session.title, source.sentence))),
    '',
  );
  return {
    filename: filename(r, `issues-${source.suffix}.md`),
    mime: 'text/markdown',
    content: toMarkdown(content),
  };
}
