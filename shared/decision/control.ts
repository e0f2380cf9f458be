/**
 * Canary against control: the share of the session tenant's events that were errors (the flag
 * on) against the share among the tenants the flag is off for, in the same minutes.
 */

export type ErrorCounts = { events: number; errors: number };

/** Fewer events than this on either side, and the comparison is not made. */
export const CONTROL_MIN_EVENTS = 20;
const Z95 = 1.959964;

/** Wilson score interval of a binomial proportion k/n (95 %). */
function wilson(k: number, n: number): [number, number] {
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The ratio of the two error shares, (e1/n1) / (e2/n2), with a 95 % interval, as a Poisson rate
 * comparison: given all the errors seen, how many fell on the canary is binomial with
 * π = n1·R / (n1·R + n2); a Wilson interval for π gives one for R. Infinity when the control had
 * no error; null when neither side had one (nothing to compare).
 */
export function errorRatio(
  canary: ErrorCounts,
  control: ErrorCounts,
): { ratio: number; low: number; high: number } | null {
  const all = canary.errors + control.errors;
  if (all === 0 || canary.events === 0 || control.events === 0) return null;
  const toRatio = (pi: number) =>
    pi >= 1 ? Infinity : (pi / (1 - pi)) * (control.events / canary.events);
  const [lo, hi] = wilson(canary.errors, all);
  return { ratio: toRatio(canary.errors / all), low: toRatio(lo), high: toRatio(hi) };
}

export type ControlVerdict =
  | { result: 'pass' | 'fail' | 'inconclusive'; detail: string }
  /** Too little data on either side: the baseline comparison is used instead. */
  | null;

const pct = (c: ErrorCounts) => `${((c.errors / c.events) * 100).toFixed(1)} %`;

/** "1.2 % errors" among `events`; "no events" when there were none (reports, Debrief). */
export const errorShareText = (errors: number, events: number) =>
  events > 0 ? `${((errors / events) * 100).toFixed(1)} % errors` : 'no events';
const num = (n: number) => (n === Infinity ? '∞' : n.toFixed(n < 10 ? 2 : 1));

/**
 * Judged against `factor`: pass when the ratio is at most the factor, fail when its whole 95 %
 * interval lies above it, inconclusive in between (above the factor, but not clearly: run longer).
 */
export function judgeAgainstControl(
  canary: ErrorCounts,
  control: ErrorCounts,
  factor: number,
): ControlVerdict {
  if (canary.events < CONTROL_MIN_EVENTS || control.events < CONTROL_MIN_EVENTS) return null;
  const shares = `with the flag ${pct(canary)} of ${canary.events.toLocaleString('en')} events were errors, without it ${pct(control)} of ${control.events.toLocaleString('en')} (same minutes)`;
  const r = errorRatio(canary, control);
  if (!r || canary.errors === 0)
    return { result: 'pass', detail: `No errors with the flag: ${shares}` };
  const ratio = `ratio ${num(r.ratio)}, 95 % interval ${num(r.low)}–${num(r.high)}`;
  if (r.ratio <= factor)
    return { result: 'pass', detail: `${shares}: ${ratio}, at most ${factor}×` };
  if (r.low > factor)
    return { result: 'fail', detail: `${shares}: ${ratio}, all of it above ${factor}×` };
  return {
    result: 'inconclusive',
    detail: `${shares}: ${ratio}; above ${factor}× but not clearly (the interval reaches below it): run longer for more events`,
  };
}
