import type { FeedGap } from '../../../shared/domain/feeds';
import { useAppStore } from '../../store';

const clock = (t: number) => new Date(t).toLocaleTimeString();

/** "Datadog (prod) had no data 10:02:05–10:04:40: HTTP 503 …; fetched when it came back". */
export function gapText(g: FeedGap): string {
  const span = `${clock(g.from)}–${g.to === null ? 'now' : clock(g.to)}`;
  const outcome =
    g.to === null
      ? 'still failing'
      : g.backfilled
        ? 'fetched when it came back'
        : 'events of that time are missing';
  return `${g.sourceName}: no data ${span} (${g.reason}); ${outcome}`;
}

/** Errors per minute over the baseline and the session, with rotations and notes marked. */
export function ErrorRateChart() {
  const rate = useAppStore((s) => s.rate);
  const events = useAppStore((s) => s.timeline.events);
  const notes = useAppStore((s) => s.timeline.notes);
  if (!rate || rate.buckets.length === 0) return null;
  const w = 600;
  const h = 120;
  const from = rate.buckets[0]!.start;
  const to = rate.buckets.at(-1)!.start + rate.bucketMs;
  const x = (t: number) => ((t - from) / (to - from)) * w;
  const max = Math.max(1, ...rate.buckets.map((b) => b.errors));
  const bw = Math.max(1, w / rate.buckets.length - 1);
  const rotations = events.filter((e) => e.type === 'rotation.rotated').map((e) => e.at);
  const markers = notes.filter(
    (n) => n.deletedAt === null && (n.type === 'bug' || n.type === 'risk'),
  );
  return (
    <section className="card rate" aria-labelledby="rate-title">
      <div className="card-header">
        <h2 id="rate-title">Error rate</h2>
        <span className="rate-summary" role="status">
          {rate.session.errorsPerMinute}/min in the session · {rate.baseline.errorsPerMinute}/min in
          the {rate.baseline.minutes} min before
        </span>
      </div>
      <svg
        viewBox={`0 0 ${w} ${h + 14}`}
        className="rate-chart"
        role="img"
        aria-label={`Errors per minute; ${rate.session.errors} errors during the session`}
      >
        {rate.sessionStart !== null && (
          <rect
            x={x(rate.sessionStart)}
            y={0}
            width={w - x(rate.sessionStart)}
            height={h}
            className="rate-session"
          />
        )}
        {rate.gaps.map((g) => {
          const end = g.to ?? to;
          return (
            <rect
              key={`g${g.id}`}
              x={x(Math.max(g.from, from))}
              y={0}
              width={Math.max(2, x(Math.min(end, to)) - x(Math.max(g.from, from)))}
              height={h}
              className={g.backfilled ? 'rate-gap backfilled' : 'rate-gap'}
            >
              <title>{gapText(g)}</title>
            </rect>
          );
        })}
        {rate.buckets.map((b) => (
          <rect
            key={b.start}
            x={x(b.start)}
            y={h - (b.errors / max) * h}
            width={bw}
            height={(b.errors / max) * h}
            className="rate-bar"
          >
            <title>{`${new Date(b.start).toLocaleTimeString()}: ${b.errors} errors of ${b.total} events`}</title>
          </rect>
        ))}
        {rotations.map((t) => (
          <line key={`r${t}`} x1={x(t)} x2={x(t)} y1={0} y2={h} className="rate-rotation">
            <title>Rotation</title>
          </line>
        ))}
        {markers.map((n) => (
          <circle key={n.id} cx={x(n.at)} cy={h + 7} r={4} className={`rate-note type-${n.type}`}>
            <title>{n.text}</title>
          </circle>
        ))}
      </svg>
      {rate.gaps.length > 0 && (
        <ul className="rate-gaps" aria-label="Feed gaps">
          {rate.gaps.map((g) => (
            <li key={g.id} className={g.backfilled ? 'backfilled' : 'gap'}>
              {gapText(g)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
