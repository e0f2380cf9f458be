/** Markdown issue drafts, one per finding still open or accepted, to paste into a tracker. */
import type { RecordFinding, ReportModel } from '../../../shared/domain/record';
import {
  evidenceLines,
  type ExportFile,
  filename,
  FINDING_STATUS_LABELS,
  isUnsettled,
  SEVERITY_LABELS,
  when,
} from './common';
import { ISSUE_TYPE, labelsOf, PRIORITY } from './csv';
import { mdBlock, mdCell, mdInline } from './md';

function draft(f: RecordFinding, session: string): string {
  const evidence = evidenceLines(f);
  return [
    `## ${mdInline(f.title)}`,
    '',
    `- **Type:** ${ISSUE_TYPE[f.type]} (${f.type})`,
    `- **Priority:** ${PRIORITY[f.severity]} (${SEVERITY_LABELS[f.severity]})`,
    `- **Labels:** ${labelsOf(f).join(', ')}`,
    `- **Status in Ensemble:** ${FINDING_STATUS_LABELS[f.status]}`,
    ...(f.goal ? [`- **Goal:** ${mdInline(f.goal.title)}`] : []),
    ...(f.owner ? [`- **Owner:** ${mdInline(f.owner.name)}`] : []),
    '',
    f.description.trim() ? mdBlock(f.description) : '_No description._',
    ...(f.notes.length
      ? ['', '### Notes', '', ...f.notes.map((n) => `- ${when(n.at)}: ${mdCell(n.text)}`)]
      : []),
    ...(evidence.length ? ['', '### Evidence', '', ...evidence.map((l) => `- ${mdCell(l)}`)] : []),
    '',
    `_Finding ${f.ref} (${f.id}) of the Ensemble session “${mdInline(session)}”._`,
  ].join('\n');
}

export function renderIssues(model: ReportModel): ExportFile {
  const r = model.record;
  const open = r.findings.filter(isUnsettled);
  const content = [
    `# Follow-ups from ${mdInline(r.session.title)}`,
    '',
    open.length
      ? `${open.length} ${open.length === 1 ? 'finding is' : 'findings are'} still open or accepted. Each section below is one issue draft.`
      : 'Every finding is fixed or set aside: nothing to follow up.',
    ...open.flatMap((f) => ['', '---', '', draft(f, r.session.title)]),
    '',
  ].join('\n');
  return { filename: filename(r, 'issues.md'), mime: 'text/markdown', content };
}
