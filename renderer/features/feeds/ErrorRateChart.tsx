import type { FeedGap } from '../../../shared/domain/feeds';
import { useState } from 'react';
import { useAppStore } from '../../store';
import type { AppState } from '../../store/types';

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

type Rate = NonNullable<AppState['rate']>;
type View = 'control' | 'baseline';
const share = (b: { errors: number; total: number }) => (b.total > 0 ? b.errors / b.total : null);
const percent = (v: number | null) =>
  v === null ? 'no events' : `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} % errors`;

/**
 * Two views of the session's errors, with rotations, notes and feed gaps marked: against the
 * tenants the flag is off for in the same minutes (the share of events that are errors: the
 * populations differ in size), and against the tenant itself before the session (errors per
 * minute).
 */
export function ErrorRateChart() {
  const rate = useAppStore((s) => s.rate);
  const events = useAppStore((s) => s.timeline.events);
  const notes = useAppStore((s) => s.timeline.notes);
  const [chosen, setChosen] = useState<View | null>(null);
  if (!rate || rate.buckets.length === 0) return null;
  const hasControl = rate.control.buckets.some((b) => b.total > 0);
  const view: View = chosen ?? (hasControl ? 'control' : 'baseline');
  const w = 600;
  const h = 120;
  const from = rate.buckets[0]!.start;
  const to = rate.buckets.at(-1)!.start + rate.bucketMs;
  const x = (t: number) => ((t - from) / (to - from)) * w;
  const bw = Math.max(1, w / rate.buckets.length - 1);
  const rotations = events.filter((e) => e.type === 'rotation.rotated').map((e) => e.at);
  const markers = notes.filter(
    (n) => n.deletedAt === null && (n.type === 'bug' || n.type === 'risk'),
  );
  return (
    <section className="card rate" aria-labelledby="rate-title">
      <div className="card-header">
        <h2 id="rate-title">Error rate</h2>
        <div className="segmented" role="group" aria-label="Compare with">
          <button
            type="button"
            aria-pressed={view === 'control'}
            onClick={() => setChosen('control')}
          >
            Without the flag
          </button>
          <button
            type="button"
            aria-pressed={view === 'baseline'}
            onClick={() => setChosen('baseline')}
          >
            Before the session
          </button>
        </div>
        <span className="rate-summary" role="status">
          {view === 'control'
            ? `With the flag: ${percent(share(rate.session))} · without: ${percent(share(rate.control.session))}, same minutes`
            : `${rate.session.errorsPerMinute}/min in the session · ${rate.baseline.errorsPerMinute}/min in the ${rate.baseline.minutes} min before`}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${w} ${h + 14}`}
        className="rate-chart"
        role="img"
        aria-label={
          view === 'control'
            ? `Share of events that are errors per minute, with the flag (bars) and without it (line)`
            : `Errors per minute; ${rate.session.errors} errors during the session`
        }
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
        {view === 'control' ? (
          <ShareSeries rate={rate} x={x} h={h} bw={bw} />
        ) : (
          <CountBars rate={rate} x={x} h={h} bw={bw} />
        )}
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

type SeriesProps = { rate: Rate; x: (t: number) => number; h: number; bw: number };

/** Errors per bucket, the tenant's own. */
function CountBars({ rate, x, h, bw }: SeriesProps) {
  const max = Math.max(1, ...rate.buckets.map((b) => b.errors));
  return rate.buckets.map((b) => (
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
  ));
}

/** The share of events that are errors: with the flag as bars, without it as a line. */
function ShareSeries({ rate, x, h, bw }: SeriesProps) {
  const shares = rate.buckets.map(share);
  const control = rate.control.buckets.map(share);
  const max = Math.max(0.01, ...shares.map((v) => v ?? 0), ...control.map((v) => v ?? 0));
  const y = (v: number) => h - (v / max) * h;
  const line = rate.control.buckets
    .flatMap((b, i) => {
      const v = control[i];
      return v === null || v === undefined ? [] : [`${x(b.start) + bw / 2},${y(v)}`];
    })
    .join(' ');
  return (
    <>
      {rate.buckets.map((b, i) => {
        const v = shares[i] ?? 0;
        return (
          <rect
            key={b.start}
            x={x(b.start)}
            y={y(v)}
            width={bw}
            height={h - y(v)}
            className="rate-bar"
          >
            <title>{`${new Date(b.start).toLocaleTimeString()}, with the flag: ${b.errors} errors of ${b.total} events`}</title>
          </rect>
        );
      })}
      {line && <polyline points={line} className="rate-control" fill="none" />}
      {rate.control.buckets.map((b, i) =>
        control[i] === null ? null : (
          <circle
            key={`c${b.start}`}
            cx={x(b.start) + bw / 2}
            cy={y(control[i]!)}
            r={2}
            className="rate-control-dot"
          >
            <title>{`${new Date(b.start).toLocaleTimeString()}, without the flag: ${b.errors} errors of ${b.total} events`}</title>
          </circle>
        ),
      )}
    </>
  );
}
