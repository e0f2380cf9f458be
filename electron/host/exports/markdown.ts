/** The report as Markdown: the same sections as the HTML file, charts as tables. */
import { errorShareText } from '../../../shared/decision/control';
import { scoreSummary } from '../../../shared/decision/summary';
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
  sessionEvents,
  scoreThresholds,
  SEVERITY_LABELS,
  thresholdsOf,
  VERDICT_LABELS,
  when,
} from './common';
import { auditMarkdown } from './auditSection';
import { block, code, join, lines, mdt, type Md, table, toMarkdown } from './md';

type R = DecisionRecordV1;

function scope(r: R): Md {
  const s = r.session;
  return lines(
    mdt`## Scope`,
    '',
    mdt`- **Flag:** ${code(r.flag.key)} (${r.flag.provider})`,
    mdt`- **Tenant:** ${code(r.scope.tenantKey)} = ${code(r.scope.tenantValue)}`,
    mdt`- **Environment:** ${r.scope.environment}`,
    mdt`- **Release:** ${r.scope.release}`,
    mdt`- **Feature:** ${s.feature}`,
    mdt`- **Session:** ${when(s.start)} to ${when(s.end)}`,
    mdt`- **Participants:** ${join(
      s.participants.map((p) => (p.function ? mdt`${p.name} (${p.function})` : p.name)),
      mdt`, `,
    )}${s.pseudonymised ? mdt` — pseudonymised` : ''}`,
    '',
    mdt`### Charter`,
    '',
    block(s.charter, 'No charter.'),
    '',
    mdt`### Stages`,
    '',
    table(
      ['Stage', 'Reaches', ''],
      r.stages.map((st) => [
        mdt`${st.label} (${st.key})`,
        reach(r, st.percent),
        [st.key === r.flag.currentStage && 'Current', st.key === r.flag.proposedStage && 'Proposed']
          .filter(Boolean)
          .join(', '),
      ]),
    ),
  );
}

function decision(r: R): Md {
  const d = r.decision;
  if (!d)
    return lines(
      mdt`## Decision`,
      '',
      mdt`**Draft: not signed yet.** No decision has been signed.`,
    );
  return lines(
    mdt`## Decision`,
    '',
    mdt`**${actionPhrase(r, d.action, d.toStage)}** — signed by ${d.approver.name} on ${when(d.signedAt)}${d.version > 1 ? mdt`, version ${d.version}` : ''}${d.amends ? mdt`, amending ${code(d.amends)}` : ''}.`,
    d.disagreesWithRecommendation && [
      '',
      mdt`> **This decision differs from the recommendation** (${actionPhrase(r, r.recommendation.action, r.recommendation.toStage)}).`,
    ],
    '',
    mdt`### Rationale`,
    '',
    block(d.rationale, 'No rationale given.'),
    '',
    mdt`### Conditions`,
    '',
    d.conditions.length ? d.conditions.map((c) => mdt`- ${c}`) : mdt`_No conditions._`,
  );
}

function recommendation(r: R): Md {
  const rec = r.recommendation;
  return lines(
    mdt`## Recommendation`,
    '',
    mdt`**${actionPhrase(r, rec.action, rec.toStage)}** · ${scoreSummary(rec)}, verdict **${VERDICT_LABELS[rec.verdict]}** (${scoreThresholds(rec.thresholds)}).`,
    '',
    table(
      ['Check', 'Result', 'Detail', 'Evidence', 'Threshold'],
      rec.checks.map((c) => [
        mdt`${c.label}${c.critical ? mdt` (critical)` : ''}`,
        mdt`**${RESULT_LABELS[c.result]}**`,
        c.detail,
        join(
          c.evidence.map((e) => e.label),
          mdt`; `,
        ),
        thresholdsOf(c, rec.thresholds),
      ]),
    ),
    rec.reasons.length > 0 && ['', mdt`### Reasons`, '', rec.reasons.map((x) => mdt`- ${x}`)],
  );
}

function goals(r: R): Md {
  if (!r.goals.length) return lines(mdt`## Goals`, '', mdt`_No goals._`);
  return lines(
    mdt`## Goals`,
    '',
    table(
      ['Goal', 'Priority', 'Outcome', 'Reason', 'Minutes'],
      r.goals.map((g) => [
        g.priority === 'must' ? mdt`**${g.title}**` : g.title,
        g.priority === 'must' ? mdt`**Must**` : PRIORITY_LABELS[g.priority],
        outcomeLabel(g.outcome),
        g.reason,
        round(g.minutes, 1),
      ]),
    ),
  );
}

function finding(f: RecordFinding): Md {
  const facts = [
    SEVERITY_LABELS[f.severity],
    f.type,
    FINDING_STATUS_LABELS[f.status],
    f.owner && mdt`owner ${f.owner.name}`,
    f.goal && mdt`goal ${f.goal.title}`,
  ].filter((x) => x !== null);
  const evidence = evidenceLines(f);
  return lines(
    mdt`### ${f.ref} ${f.title}`,
    '',
    mdt`*${join(facts, mdt` · `)}*`,
    '',
    block(f.description, 'No description.'),
    f.notes.length > 0 && [
      '',
      mdt`**Notes**`,
      '',
      f.notes.map(
        (n) =>
          mdt`- ${NOTE_TYPE_INFO[n.type].label}, ${when(n.at)}${n.author ? mdt`, ${n.author}` : ''}: ${n.text}`,
      ),
    ],
    evidence.length > 0 && ['', mdt`**Evidence**`, '', evidence.map((l) => mdt`- ${l}`)],
    '',
  );
}

function debrief(r: R): Md {
  const keys = Object.keys(DEBRIEF_LABELS) as Array<keyof DebriefText>;
  return lines(
    mdt`## Debrief`,
    keys.map((k) =>
      lines('', mdt`### ${DEBRIEF_LABELS[k]}`, '', block(r.debrief[k], 'Nothing written.')),
    ),
  );
}

function metrics(r: R): Md {
  const m = r.metrics;
  const e = m.errors;
  const typeLabel = (t: string) => NOTE_TYPE_INFO[t as NoteType]?.label ?? t;
  const start = e.rate.sessionStart ? Date.parse(e.rate.sessionStart) : null;
  return lines(
    mdt`## Metrics`,
    '',
    mdt`- **Duration:** ${round(m.durationMinutes, 1)} min, ${plural(m.rotations, 'rotation')}, ${plural(m.breaks, 'break')}`,
    mdt`- **Errors:** ${e.session} in the session (${round(e.sessionPerMinute)}/min); ${e.baseline} in the ${round(e.baselineMinutes, 1)} min before (${round(e.baselinePerMinute)}/min)`,
    e.control
      ? mdt`- **Without the flag** (the other tenants, same minutes): ${e.control.errors} errors in ${e.control.events} events (${errorShareText(e.control.errors, e.control.events)}); with it: ${errorShareText(e.session, sessionEvents(e))}`
      : mdt`- **Without the flag:** no events of other tenants were counted`,
    '',
    mdt`### Time per goal`,
    '',
    table(
      ['Goal', 'Minutes'],
      r.goals.map((g) => [g.title, round(g.minutes, 1)]),
    ),
    '',
    mdt`### Notes by type`,
    '',
    table(
      ['Type', 'Notes'],
      Object.entries(m.notesByType).map(([t, n]) => [typeLabel(t), n]),
    ),
    '',
    mdt`### Notes by person`,
    '',
    table(
      ['Person', 'Notes'],
      m.notesByPerson.map((p) => [p.name, p.count]),
    ),
    '',
    mdt`### Error rate`,
    '',
    e.rate.buckets.length
      ? table(
          ['Bucket start', 'Errors', 'Events', 'Errors/min', ''],
          e.rate.buckets.map((b) => [
            when(b.start),
            b.errors,
            b.total,
            round(b.errors / e.rate.bucketMinutes),
            start !== null && Date.parse(b.start) < start ? 'baseline' : 'session',
          ]),
        )
      : mdt`_No feed events._`,
    '',
    mdt`### New error groups`,
    '',
    e.newGroups.length
      ? table(
          ['Group', 'Type', 'Sample', 'Events', 'Without the flag', 'First seen'],
          e.newGroups.map((g) => [
            g.groupKey,
            g.type,
            g.sample,
            g.count,
            g.control,
            when(g.firstSeen),
          ]),
        )
      : mdt`_No new error groups._`,
  );
}

function gapsAndRedactions(r: R): Md {
  const gaps = r.metrics.gaps;
  const counts = Object.entries(r.redactions).filter(([, n]) => n > 0);
  return lines(
    mdt`## Feed gaps`,
    '',
    gaps.length
      ? table(
          ['Source', 'From', 'To', 'Reason', 'Fetched again'],
          gaps.map((g) => [
            g.source,
            when(g.from),
            g.to ? when(g.to) : 'Still failing',
            g.reason,
            g.backfilled ? 'Yes' : 'No',
          ]),
        )
      : mdt`_No gaps in the feeds._`,
    '',
    mdt`## Redactions`,
    '',
    counts.length ? table(['Kind', 'Values'], counts) : mdt`_Nothing was redacted from the feeds._`,
  );
}

export function renderMarkdown(model: ReportModel): ExportFile {
  const r = model.record;
  const content = lines(
    mdt`# Decision record: ${r.session.title}`,
    '',
    mdt`${describeScope(r)} · ${r.status === 'signed' ? 'Signed' : 'Draft'} record ${code(r.recordId)} · ${when(r.createdAt)}`,
    '',
    scope(r),
    '',
    decision(r),
    '',
    recommendation(r),
    '',
    goals(r),
    '',
    mdt`## Findings`,
    '',
    r.findings.length ? r.findings.map(finding) : [mdt`_No findings._`, ''],
    debrief(r),
    '',
    metrics(r),
    '',
    gapsAndRedactions(r),
    '',
    auditMarkdown(model.audit),
    '',
    mdt`_Screenshots are embedded in the HTML report._`,
    '',
  );
  return {
    filename: filename(r, 'report.md'),
    mime: 'text/markdown',
    content: toMarkdown(content),
  };
}
