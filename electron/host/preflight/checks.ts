import type { EvaluationContext } from '@openfeature/server-sdk';
import {
  type PreflightCheck,
  type PreflightResult,
  tenantContext,
} from '../../../shared/domain/preflight';
import type { HostContext } from '../context';
import { lastEventAt } from '../feeds/query/query';
import { readFlag, type Evaluation, type FlagReading } from './flags';
import type { StoredPreflight } from './repo';

/** An event of the tenant at most this old makes the feeds live. */
export const RECENT_MS = 10 * 60_000;
/** Synthetic other-tenant contexts asked beside the named control tenants. */
export const SYNTHETIC_CONTROLS = 20;
const synthetic = (i: number) => `ensemble-preflight-control-${i}`;

/** When an OFREP server asked us to wait (Retry-After), per session: no request before then. */
const notBefore = new Map<string, { until: number; error: string }>();

const P_TAIL = 0.001;
function binomial(n: number, p: number): number[] {
  const out: number[] = [];
  let coeff = 1;
  for (let k = 0; k <= n; k++) {
    out.push(coeff * p ** k * (1 - p) ** (n - k));
    coeff = (coeff * (n - k)) / (k + 1);
  }
  return out;
}
/**
 * How many of n contexts may be on at a stage reaching `percent` %: outside this range the
 * chance of seeing that count is below 0.1 % on either side (an exact binomial range). With 20
 * contexts this catches "on for everyone at 1 %" or "off for everyone at 50 %", not a 1 % error.
 */
export function plausibleOn(n: number, percent: number): [number, number] {
  if (percent <= 0) return [0, 0];
  if (percent >= 100) return [n, n];
  const pmf = binomial(n, percent / 100);
  let lo = 0;
  for (let below = 0; lo < n && below + pmf[lo]! < P_TAIL; lo++) below += pmf[lo]!;
  let hi = n;
  for (let above = 0; hi > 0 && above + pmf[hi]! < P_TAIL; hi--) above += pmf[hi]!;
  return [lo, hi];
}

function flagChecks(
  reading: FlagReading,
  tenant: string,
  controls: string[],
  stage: { label: string; percent: number },
  at: number,
): PreflightCheck[] {
  const internal = {
    key: 'flag.internal',
    label: `Flag on for the tenant ${tenant}`,
    checkedAt: at,
  };
  const control = {
    key: 'flag.control',
    label: `Flag off for other tenants (stage: ${stage.label}, ${stage.percent} %)`,
    checkedAt: at,
  };
  if (!reading.ok)
    return [
      { ...internal, status: 'fail', detail: reading.error },
      { ...control, status: 'fail', detail: reading.error },
    ];
  const [own, ...others] = reading.results as [Evaluation, ...Evaluation[]];
  const checks: PreflightCheck[] = [
    'error' in own
      ? { ...internal, status: 'fail', detail: `Not evaluated: ${own.error}` }
      : own.on
        ? { ...internal, status: 'pass', detail: `On: ${own.detail}` }
        : {
            ...internal,
            status: 'fail',
            detail: `Off for ${tenant} (${own.detail}): the session would not test the change`,
          },
  ];
  const failed = others.flatMap((e, i) => ('error' in e ? [`${controls[i]}: ${e.error}`] : []));
  if (failed.length > 0) {
    checks.push({ ...control, status: 'fail', detail: `Not evaluated for ${failed.join('; ')}` });
    return checks;
  }
  const on = others.map((e, i) => ('on' in e && e.on ? controls[i]! : null));
  const named = on.slice(0, controls.length - SYNTHETIC_CONTROLS).filter((n) => n !== null);
  const syntheticOn = on.slice(controls.length - SYNTHETIC_CONTROLS).filter((n) => n !== null);
  const [lo, hi] = plausibleOn(SYNTHETIC_CONTROLS, stage.percent);
  const share = `on for ${syntheticOn.length} of ${SYNTHETIC_CONTROLS} other tenant contexts`;
  if (stage.percent === 0 && named.length > 0)
    checks.push({
      ...control,
      status: 'fail',
      detail: `On for ${named.join(', ')}: the flag reaches more than the internal tenant`,
    });
  else if (syntheticOn.length < lo || syntheticOn.length > hi)
    checks.push({
      ...control,
      status: 'fail',
      detail:
        stage.percent === 0
          ? `Flag ${share}: the flag reaches more than the internal tenant`
          : `Flag ${share}; at ${stage.percent} % between ${lo} and ${hi} are expected`,
    });
  else checks.push({ ...control, status: 'pass', detail: `Flag ${share}, as the stage expects` });
  return checks;
}

async function flagPart(
  host: HostContext,
  sessionId: string,
  stored: StoredPreflight,
  at: number,
): Promise<PreflightCheck[]> {
  const session = host.repos.sessions.get(sessionId)!;
  const { rollout } = host.repos.debrief.debrief(sessionId);
  const stage = rollout.stages.find((s) => s.key === rollout.currentStage) ?? rollout.stages[0]!;
  const { settings } = stored;
  if (!session.flagKey || settings.flagSystem.kind === 'none') {
    const detail = !session.flagKey
      ? 'The session names no flag key (Prepare → Session)'
      : 'No flag system is set up: point the pre-flight at a flagd file, OFREP, Unleash or PostHog';
    return [
      { key: 'flag.internal', label: `Flag on for the tenant ${session.tenantId}` },
      { key: 'flag.control', label: 'Flag off for other tenants' },
    ].map((c) => ({ ...c, status: 'unknown' as const, detail, checkedAt: at }));
  }
  const controls = [
    ...settings.controlTenants.filter((t) => t !== session.tenantId),
    ...Array.from({ length: SYNTHETIC_CONTROLS }, (_, i) => synthetic(i + 1)),
  ];
  // flagd reads a dotted attribute as a path, as the flagd export's targeting does.
  const flagd = settings.flagSystem.kind === 'flagd-file' || settings.flagSystem.kind === 'ofrep';
  const context = (tenant: string): EvaluationContext => ({
    targetingKey: tenant,
    ...(flagd
      ? (tenantContext(settings.contextKey, tenant) as EvaluationContext)
      : { [settings.contextKey]: tenant }),
  });
  const waiting = notBefore.get(sessionId);
  let reading: FlagReading;
  if (waiting && waiting.until > at) reading = { ok: false, error: waiting.error };
  else {
    reading = await readFlag(
      settings.flagSystem,
      host.secrets.get<string>(tokenKey(sessionId)),
      session.flagKey,
      settings.contextKey,
      [session.tenantId, ...controls].map(context),
    );
    if (!reading.ok && reading.retryAfterMs !== undefined)
      notBefore.set(sessionId, { until: at + reading.retryAfterMs, error: reading.error });
  }
  return flagChecks(reading, session.tenantId, controls, stage, at);
}

/** How a ticked guardrail's detail begins, before the name (pseudonymised exports replace it). */
export const TICKED_BY = 'Ticked by ';

export const tokenKey = (sessionId: string) => `preflight:${sessionId}`;

function feedChecks(host: HostContext, sessionId: string, at: number): PreflightCheck[] {
  const session = host.repos.sessions.get(sessionId)!;
  const sources = host.sources.list(sessionId).filter((s) => s.enabled);
  const checks: PreflightCheck[] = sources.map((s) => ({
    key: `feeds.${s.id}`,
    label: `Source “${s.name}” connected`,
    status: s.status === 'connected' ? 'pass' : s.status === 'error' ? 'fail' : 'unknown',
    detail: s.detail || s.status,
    checkedAt: at,
  }));
  const last = Math.max(
    ...['otlp', 'sentry', ...sources.map((s) => s.id)].map(
      (source) => lastEventAt(host.db, session.tenantId, source) ?? 0,
    ),
    ...sources.map((s) => s.lastEventAt ?? 0),
  );
  const age = at - last;
  checks.push({
    key: 'feeds.events',
    label: `An event from ${session.tenantId} in the last ${RECENT_MS / 60_000} minutes`,
    status: last > 0 && age <= RECENT_MS ? 'pass' : 'unknown',
    detail:
      last === 0
        ? `No event from ${session.tenantId} yet`
        : `The last one came ${Math.round(age / 1000)} s ago`,
    checkedAt: at,
  });
  return checks;
}

function guardrailChecks(stored: StoredPreflight, at: number): PreflightCheck[] {
  return stored.checklist.map((g) => ({
    key: `guardrail.${g.id}`,
    label: g.text,
    status: g.tick ? 'pass' : 'unknown',
    detail: g.tick ? TICKED_BY + g.tick.name : 'Not ticked yet',
    checkedAt: g.tick?.at ?? at,
  }));
}

/** Run every check now: the flag (over the network or from disk), the feeds, the guardrails. */
export async function runChecks(
  host: HostContext,
  sessionId: string,
  stored: StoredPreflight,
  trigger: PreflightResult['trigger'],
): Promise<PreflightResult> {
  const at = host.clock.now();
  const flag = await flagPart(host, sessionId, stored, at);
  await host.feeds.caughtUp(); // what was received counts
  return {
    ranAt: at,
    trigger,
    checks: [...flag, ...feedChecks(host, sessionId, at), ...guardrailChecks(stored, at)],
  };
}
