/**
 * The evidence floor: a recommendation needs a session that ran long enough and received
 * events from its tenant. Missing evidence is never a pass (as automated canary analysis treats
 * missing data: Kayenta's "must have data", Argo Rollouts' inconclusive runs pause the rollout).
 */
import type { Check, Thresholds } from '../domain/decision';
import { plural } from './summary';

export type SessionEvidence = {
  /** The session was started at least once. */
  started: boolean;
  /** Running time up to the end (or now): pauses and breaks do not count. */
  runningMs: number;
  /** The tenant whose events the session keeps. */
  tenant: string;
  /** Other tenants' events counted and dropped while the session ran: a mistyped tenant's hint. */
  otherTenantEvents: number;
};

/** "3 s", "14 min 59 s", "15 min". */
export function formatRunning(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const min = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (min === 0) return `${s} s`;
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}

/**
 * Critical, and inconclusive (never failed) when evidence is missing, naming each thing missing:
 * the session never ran, ran less than the minimum running time, or stored no event of its
 * tenant while it ran.
 */
export function sessionEvidenceCheck(
  session: SessionEvidence,
  tenantEvents: number,
  t: Pick<Thresholds, 'minRunningMinutes'>,
): Check {
  const minimum = t.minRunningMinutes;
  const tenant = `tenant “${session.tenant}”`;
  const missing: string[] = [];
  if (!session.started) missing.push('the session never ran');
  else if (session.runningMs < minimum * 60_000)
    missing.push(
      `the session ran ${formatRunning(session.runningMs)}, less than the minimum of ${minimum} min`,
    );
  if (session.started && tenantEvents === 0)
    missing.push(
      `no events from ${tenant} arrived while it ran` +
        (session.otherTenantEvents > 0
          ? ` (${plural(session.otherTenantEvents, 'event')} of other tenants were dropped: is the tenant id right?)`
          : ''),
    );
  else if (!session.started) missing.push(`no events from ${tenant}`);
  return {
    id: 'session-evidence',
    label: `Ran at least ${minimum} min with events from the tenant`,
    critical: true,
    result: missing.length ? 'inconclusive' : 'pass',
    detail: missing.length
      ? `Missing evidence: ${missing.join('; ')}`
      : `Ran ${formatRunning(session.runningMs)} (minimum ${minimum} min), ${plural(tenantEvents, 'event')} from ${tenant}`,
    evidence: session.started
      ? [
          {
            kind: 'rate',
            label: `${plural(tenantEvents, 'event')} from ${tenant} in ${formatRunning(session.runningMs)} of running time`,
          },
        ]
      : [],
  };
}
