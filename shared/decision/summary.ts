import { ACTION_LABELS, type Action, type Check, type Verdict } from '../domain/decision';

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How many checks had the data to be judged (pass or fail), of all the checks run. */
export function judgedOf(checks: readonly Pick<Check, 'result'>[]): {
  judged: number;
  total: number;
} {
  return {
    judged: checks.filter((c) => c.result !== 'inconclusive').length,
    total: checks.length,
  };
}

type Scored = { score: number | null; verdict: Verdict; checks: readonly Pick<Check, 'result'>[] };

/**
 * The score as every view and export shows it: "inconclusive · 3 of 7 checks judged" or
 * "score 83 (marginal) · 6 of 7 checks judged". Derived from the checks, so records signed
 * before the evidence floor read the same way.
 */
export function scoreSummary(r: Scored): string {
  const { judged, total } = judgedOf(r.checks);
  const counted = `${judged} of ${plural(total, 'check')} judged`;
  return r.verdict === 'inconclusive' || r.score === null
    ? `inconclusive · ${counted}`
    : `score ${r.score} (${r.verdict}) · ${counted}`;
}

/** "Hold · inconclusive · 3 of 7 checks judged", "Promote to 1 % · score 100 (pass) · 7 of 7 …". */
export function recommendationLine(
  r: Scored & { action: Action; toStage: string | null },
  stageLabel: (key: string) => string,
): string {
  const to = r.toStage === null ? '' : ` to ${stageLabel(r.toStage)}`;
  return `${ACTION_LABELS[r.action]}${to} · ${scoreSummary(r)}`;
}
