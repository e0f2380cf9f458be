/** The report as Markdown: the same sections as the HTML file, charts as tables. */
import { DEBRIEF_LABELS, type DebriefText } from '../../../shared/domain/debrief';
import { NOTE_TYPE_INFO, type NoteType } from '../../../shared/domain/notes';
import type { DecisionRecordV1, RecordFinding, ReportModel } from '../../../shared/domain/record';
import {
  actionPhrase,
  describeScope,
  evidenceLines,
  type ExportFile,
  filename,
  FINDING_STATUS_LABELS,
  outcomeLabel,
  plural,
  PRIORITY_LABELS,
  reach,
  RESULT_LABELS,
  round,
  scoreThresholds,
  SEVERITY_LABELS,
  thresholdsOf,
  VERDICT_LABELS,
  when,
} from './common';
import { mdBlock, mdCell, mdCode, mdInline, mdTable } from './md';

type R = DecisionRecordV1;
const orNone = (text: string, none: string) => (text.trim() ? mdBlock(text) : `_${none}_`);

function scope(r: R): string[] {
  const s = r.session;
  return [
    '## Scope',
    '',
    `- **Flag:** ${mdCode(r.flag.key)} (${r.flag.provider})`,
    `- **Tenant:** ${mdCode(r.scope.tenantKey)} = ${mdCode(r.scope.tenantValue)}`,
    `- **Environment:** ${mdInline(r.scope.environment)}`,
    `- **Release:** ${mdInline(r.scope.release)}`,
    `- **Feature:** ${mdInline(s.feature)}`,
    `- **Session:** ${when(s.start)} to ${when(s.end)}`,
    `- **Participants:** ${s.participants.map((p) => mdInline(p.function ? `${p.name} (${p.function})` : p.name)).join(', ')}${s.pseudonymised ? ' — pseudonymised' : ''}`,
    '',
    '### Charter',
    '',
    orNone(s.charter, 'No charter.'),
    '',
    '### Stages',
    '',
    mdTable(
      ['Stage', 'Reaches', ''],
      r.stages.map((st) => [
        `${mdCell(st.label)} (${mdCell(st.key)})`,
        mdCell(reach(r, st.percent)),
        [st.key === r.flag.currentStage && 'Current', st.key === r.flag.proposedStage && 'Proposed']
          .filter(Boolean)
          .join(', '),
      ]),
    ),
  ];
}

function decision(r: R): string[] {
  const d = r.decision;
  if (!d) return ['## Decision', '', '**Draft: not signed yet.** No decision has been signed.'];
  return [
    '## Decision',
    '',
    `**${actionPhrase(r, d.action, d.toStage)}** — signed by ${mdInline(d.approver.name)} on ${when(d.signedAt)}${d.version > 1 ? `, version ${d.version}` : ''}${d.amends ? `, amending ${mdCode(d.amends)}` : ''}.`,
    ...(d.disagreesWithRecommendation
      ? [
          '',
          `> **This decision differs from the recommendation** (${actionPhrase(r, r.recommendation.action, r.recommendation.toStage)}).`,
        ]
      : []),
    '',
    '### Rationale',
    '',
    orNone(d.rationale, 'No rationale given.'),
    '',
    '### Conditions',
    '',
    d.conditions.length ? d.conditions.map((c) => `- ${mdCell(c)}`).join('\n') : '_No conditions._',
  ];
}

function recommendation(r: R): string[] {
  const rec = r.recommendation;
  return [
    '## Recommendation',
    '',
    `**${actionPhrase(r, rec.action, rec.toStage)}.** Score **${rec.score ?? 'none'}**, verdict **${VERDICT_LABELS[rec.verdict]}** (${scoreThresholds(rec.thresholds)}).`,
    '',
    mdTable(
      ['Check', 'Result', 'Detail', 'Evidence', 'Threshold'],
      rec.checks.map((c) => [
        mdCell(c.label) + (c.critical ? ' (critical)' : ''),
        `**${RESULT_LABELS[c.result]}**`,
        mdCell(c.detail),
        c.evidence.map((e) => mdCell(e.label)).join('; '),
        thresholdsOf(c, rec.thresholds),
      ]),
    ),
    ...(rec.reasons.length
      ? ['', '### Reasons', '', ...rec.reasons.map((x) => `- ${mdCell(x)}`)]
      : []),
  ];
}

function goals(r: R): string[] {
  if (!r.goals.length) return ['## Goals', '', '_No goals._'];
  return [
    '## Goals',
    '',
    mdTable(
      ['Goal', 'Priority', 'Outcome', 'Reason', 'Minutes'],
      r.goals.map((g) => [
        g.priority === 'must' ? `**${mdCell(g.title)}**` : mdCell(g.title),
        g.priority === 'must' ? '**Must**' : PRIORITY_LABELS[g.priority],
        outcomeLabel(g.outcome),
        mdCell(g.reason),
        String(round(g.minutes, 1)),
      ]),
    ),
  ];
}

function finding(f: RecordFinding): string[] {
  const facts = [
    SEVERITY_LABELS[f.severity],
    f.type,
    FINDING_STATUS_LABELS[f.status],
    f.owner && `owner ${mdInline(f.owner.name)}`,
    f.goal && `goal ${mdInline(f.goal.title)}`,
  ].filter(Boolean);
  const evidence = evidenceLines(f);
  return [
    `### ${mdInline(f.ref)} ${mdInline(f.title)}`,
    '',
    `*${facts.join(' · ')}*`,
    '',
    orNone(f.description, 'No description.'),
    ...(f.notes.length
      ? [
          '',
          '**Notes**',
          '',
          ...f.notes.map(
            (n) =>
              `- ${NOTE_TYPE_INFO[n.type].label}, ${when(n.at)}${n.author ? `, ${mdInline(n.author)}` : ''}: ${mdCell(n.text)}`,
          ),
        ]
      : []),
    ...(evidence.length ? ['', '**Evidence**', '', ...evidence.map((l) => `- ${mdCell(l)}`)] : []),
    '',
  ];
}

function debrief(r: R): string[] {
  const keys = Object.keys(DEBRIEF_LABELS) as Array<keyof DebriefText>;
  return [
    '## Debrief',
    ...keys.flatMap((k) => [
      '',
      `### ${DEBRIEF_LABELS[k]}`,
      '',
      orNone(r.debrief[k], 'Nothing written.'),
    ]),
  ];
}

function metrics(r: R): string[] {
  const m = r.metrics;
  const e = m.errors;
  const typeLabel = (t: string) => NOTE_TYPE_INFO[t as NoteType]?.label ?? t;
  const start = e.rate.sessionStart ? Date.parse(e.rate.sessionStart) : null;
  return [
    '## Metrics',
    '',
    `- **Duration:** ${round(m.durationMinutes, 1)} min, ${plural(m.rotations, 'rotation')}, ${plural(m.breaks, 'break')}`,
    `- **Errors:** ${e.session} in the session (${round(e.sessionPerMinute)}/min); ${e.baseline} in the ${round(e.baselineMinutes, 1)} min before (${round(e.baselinePerMinute)}/min)`,
    '',
    '### Time per goal',
    '',
    mdTable(
      ['Goal', 'Minutes'],
      r.goals.map((g) => [mdCell(g.title), String(round(g.minutes, 1))]),
    ),
    '',
    '### Notes by type',
    '',
    mdTable(
      ['Type', 'Notes'],
      Object.entries(m.notesByType).map(([t, n]) => [mdCell(typeLabel(t)), String(n)]),
    ),
    '',
    '### Notes by person',
    '',
    mdTable(
      ['Person', 'Notes'],
      m.notesByPerson.map((p) => [mdCell(p.name), String(p.count)]),
    ),
    '',
    '### Error rate',
    '',
    e.rate.buckets.length
      ? mdTable(
          ['Bucket start', 'Errors', 'Events', 'Errors/min', ''],
          e.rate.buckets.map((b) => [
            when(b.start),
            String(b.errors),
            String(b.total),
            String(round(b.errors / e.rate.bucketMinutes)),
            start !== null && Date.parse(b.start) < start ? 'baseline' : 'session',
          ]),
        )
      : '_No feed events._',
    '',
    '### New error groups',
    '',
    e.newGroups.length
      ? mdTable(
          ['Group', 'Type', 'Sample', 'Events', 'First seen'],
          e.newGroups.map((g) => [
            mdCell(g.groupKey),
            mdCell(g.type),
            mdCell(g.sample),
            String(g.count),
            when(g.firstSeen),
          ]),
        )
      : '_No new error groups._',
  ];
}

function gapsAndRedactions(r: R): string[] {
  const gaps = r.metrics.gaps;
  const counts = Object.entries(r.redactions).filter(([, n]) => n > 0);
  return [
    '## Feed gaps',
    '',
    gaps.length
      ? mdTable(
          ['Source', 'From', 'To', 'Reason', 'Fetched again'],
          gaps.map((g) => [
            mdCell(g.source),
            when(g.from),
            g.to ? when(g.to) : 'Still failing',
            mdCell(g.reason),
            g.backfilled ? 'Yes' : 'No',
          ]),
        )
      : '_No gaps in the feeds._',
    '',
    '## Redactions',
    '',
    counts.length
      ? mdTable(
          ['Kind', 'Values'],
          counts.map(([k, n]) => [mdCell(k), String(n)]),
        )
      : '_Nothing was redacted from the feeds._',
  ];
}

export function renderMarkdown(model: ReportModel): ExportFile {
  const r = model.record;
  const lines = [
    `# Decision record: ${mdInline(r.session.title)}`,
    '',
    `${mdInline(describeScope(r))} · ${r.status === 'signed' ? 'Signed' : 'Draft'} record ${mdCode(r.recordId)} · ${when(r.createdAt)}`,
    '',
    ...scope(r),
    '',
    ...decision(r),
    '',
    ...recommendation(r),
    '',
    ...goals(r),
    '',
    '## Findings',
    '',
    ...(r.findings.length ? r.findings.flatMap(finding) : ['_No findings._', '']),
    ...debrief(r),
    '',
    ...metrics(r),
    '',
    ...gapsAndRedactions(r),
    '',
    '_Screenshots are embedded in the HTML report._',
    '',
  ];
  return { filename: filename(r, 'report.md'), mime: 'text/markdown', content: lines.join('\n') };
}
