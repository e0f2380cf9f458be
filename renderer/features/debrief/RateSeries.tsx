import type { ResultOf } from '../../../shared/api/contract';

type Rate = ResultOf<'debrief.metrics'>['metrics']['errors']['rate'];

/** Errors per bucket over the baseline window and the session, the session start marked. */
export function RateSeries({ rate }: { rate: Rate }) {
  if (rate.buckets.length === 0) return null;
  const w = 600;
  const h = 110;
  const starts = rate.buckets.map((b) => Date.parse(b.start));
  const from = starts[0]!;
  const to = starts.at(-1)! + rate.bucketMinutes * 60_000;
  const x = (t: number) => ((t - from) / (to - from)) * w;
  const max = Math.max(1, ...rate.buckets.map((b) => b.errors));
  const bw = Math.max(1, w / rate.buckets.length - 1);
  const start = rate.sessionStart ? Date.parse(rate.sessionStart) : null;
  const total = rate.buckets.reduce((a, b) => a + b.errors, 0);
  return (
    <figure className="bar-chart">
      <figcaption>
        Errors per {rate.bucketMinutes} min, the baseline before the session shaded
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-label={`${total} errors over the baseline and the session`}
      >
        {start !== null && (
          <rect x={0} y={0} width={x(start)} height={h} className="rate-baseline" />
        )}
        {rate.buckets.map((b, i) => (
          <rect
            key={b.start}
            x={x(starts[i]!)}
            y={h - (b.errors / max) * h}
            width={bw}
            height={(b.errors / max) * h}
            className="rate-bar"
          >
            <title>{`${new Date(starts[i]!).toLocaleTimeString()}: ${b.errors} errors of ${b.total} events`}</title>
          </rect>
        ))}
        {start !== null && (
          <line x1={x(start)} x2={x(start)} y1={0} y2={h} className="rate-rotation">
            <title>Session start</title>
          </line>
        )}
      </svg>
    </figure>
  );
}
