/** What every export needs to say the same things the same way, whatever the format. */
import type { Severity } from '../../../shared/domain/debrief';
import { FINDING_STATUS_LABELS, OUTCOME_LABELS } from '../../../shared/domain/debrief';
import type { Check, Stage } from '../../../shared/domain/decision';
import { ACTION_LABELS } from '../../../shared/domain/decision';
import type { DecisionRecordV1, RecordFinding } from '../../../shared/domain/record';

type R = DecisionRecordV1;
export type ExportFile = { filename: string; mime: string; content: string };

export { FINDING_STATUS_LABELS };

export const VERDICT_LABELS: { [K in DecisionRecordV1['recommendation']['verdict']]: string } = {
  pass: 'Pass',
  marginal: 'Marginal',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
};
export const RESULT_LABELS: { [K in Check['result']]: string } = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
};
export const SEVERITY_LABELS: { [K in Severity]: string } = {
  blocker: 'Blocker',
  major: 'Major',
  minor: 'Minor',
  trivial: 'Trivial',
};
export const PRIORITY_LABELS = { must: 'Must', should: 'Should', could: 'Could' } as const;

/** A file name part from a title: lower case, dashes, at most 60 characters. */
export const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'session';

export const filename = (record: R, suffix: string) => `${slug(record.session.title)}-${suffix}`;

/** 2026-05-04 09:30 UTC: the same in every export and on every machine. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 2026-05-04 09:30:07 UTC: for the audit trail, where the second matters. */
export function whenExact(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const round = (n: number, places = 2) => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

export const stageOf = (record: R, key: string | null): Stage | null =>
  key === null ? null : (record.stages.find((s) => s.key === key) ?? null);

export const stageLabel = (record: R, key: string | null) =>
  key === null ? '—' : (stageOf(record, key)?.label ?? key);

/** "Promote to 10 %", "Hold at Internal tenant", "Roll back to Internal tenant". */
export function actionPhrase(
  record: R,
  action: DecisionRecordV1['recommendation']['action'],
  toStage: string | null,
): string {
  if (action === 'hold')
    return `${ACTION_LABELS.hold} at ${stageLabel(record, record.flag.currentStage)}`;
  return `${ACTION_LABELS[action]} to ${stageLabel(record, toStage)}`;
}

/** The thresholds a check is judged against, to print next to it. */
export function thresholdsOf(check: Check, t: R['recommendation']['thresholds']): string {
  switch (check.id) {
    case 'session-evidence':
      return t.minRunningMinutes === undefined
        ? 'The session ran, with events from the tenant'
        : `Ran at least ${t.minRunningMinutes} min of running time, with events from the tenant`;
    case 'no-large-new-error-group':
      return `A new error group fails at ${t.newGroupMinEvents} or more events`;
    case 'error-rate':
      return `Share of errors at most ${t.errorRateFactor} × the tenants without the flag in the same minutes (at least 20 events each), else errors per minute at most ${t.errorRateFactor} × the baseline’s`;
    case 'no-open-blocker':
      return 'Any open or accepted blocker fails';
    case 'no-open-major-on-must-goal':
      return 'Any open or accepted major finding on a must-goal fails';
    case 'must-goals-met':
      return 'Every must-goal met';
    case 'feeds-complete':
      return 'Any gap not fetched again fails';
  }
}

export const scoreThresholds = (t: R['recommendation']['thresholds']) =>
  `Pass at ${t.passScore} or more, marginal at ${t.marginalScore} or more`;

/** One line per piece of evidence a finding rests on. */
export function evidenceLines(f: RecordFinding): string[] {
  const e = f.evidence;
  return [
    ...e.errorGroups.map((g) => `Error group ${g.groupKey}: ${g.summary}`),
    ...e.events.map(
      (ev) =>
        `Event ${ev.id}${ev.time ? ` at ${when(ev.time)}` : ''}: ${ev.summary}${ev.traceId ? ` (trace ${ev.traceId})` : ''}`,
    ),
    ...e.traceIds.map((t) => `Trace ${t}`),
    ...e.logQueries.map((q) => `Log query ${q.query} from ${when(q.from)} to ${when(q.to)}`),
    ...e.screenshots.map((s) => `Screenshot ${s.hash.slice(0, 12)}: ${s.summary}`),
  ];
}

export const goalOf = (f: RecordFinding) => f.goal?.title ?? '';
export const ownerOf = (f: RecordFinding) => f.owner?.name ?? '';

/** Findings not settled (open or accepted): the ones that need a follow-up. */
export const isUnsettled = (f: RecordFinding) => f.status === 'open' || f.status === 'accepted';

/** Who a stage reaches, in words. */
export const reach = (r: R, percent: number) =>
  percent >= 100
    ? 'Everyone'
    : percent <= 0
      ? `The ${r.scope.tenantValue} tenant only`
      : `The ${r.scope.tenantValue} tenant and ${percent} % of everyone`;

export const describeScope = (r: R) =>
  `${r.scope.tenantKey} = ${r.scope.tenantValue}, ${r.scope.environment}, release ${r.scope.release}`;

export const outcomeLabel = (o: R['goals'][number]['outcome']) =>
  o ? OUTCOME_LABELS[o] : 'No outcome';

/** The tenant's events in the session, from the rate buckets from the session start on. */
export function sessionEvents(e: R['metrics']['errors']): number {
  const start = e.rate.sessionStart ? Date.parse(e.rate.sessionStart) : -Infinity;
  return e.rate.buckets
    .filter((b) => Date.parse(b.start) >= start)
    .reduce((a, b) => a + b.total, 0);
}

/** What a tracker export (findings CSV, issue drafts) is given beside the record. */
export type TrackerOptions = {
  /**
   * Which findings the record carries: as the signed decision recorded them, or as they are now
   * (`asOf`: when they were read). Unset: as the record says (signed, or a draft read now).
   */
  findings?: { source: 'signed' | 'current'; asOf: string };
  /** Participant id → e-mail address, for the tracker's Assignee; absent: no Assignee. */
  assignees?: Record<string, string>;
};

/** Which findings a tracker export shows, in a sentence for every issue and a file-name part. */
export function trackerSource(
  r: R,
  options: TrackerOptions,
): { suffix: 'signed' | 'current'; sentence: string } {
  const source = options.findings?.source ?? (r.decision ? 'signed' : 'current');
  if (source === 'signed' && r.decision)
    return {
      suffix: 'signed',
      sentence: `as signed with decision version ${r.decision.version} on ${when(r.decision.signedAt)}`,
    };
  const asOf = options.findings?.asOf ?? r.createdAt;
  return {
    suffix: 'current',
    sentence: r.decision
      ? `as the findings stood on ${when(asOf)}, after the decision signed on ${when(r.decision.signedAt)}`
      : `as the findings stood on ${when(asOf)}, before any decision was signed`,
  };
}
