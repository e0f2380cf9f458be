import { useEffect, useMemo, useRef, useState } from 'react';
import { LEVELS, type Level } from '../../../shared/domain/feeds';
import type { FeedWindow } from '../../store/feedsSlice';
import { useAppStore } from '../../store';
import { ErrorGroups } from './ErrorGroups';
import { ErrorRateChart, gapText } from './ErrorRateChart';
import { FeedDetail } from './FeedDetail';
import { FeedList } from './FeedList';

/** The internal tenant's logs and errors, live, beside the session. */
export function FeedPane({ sessionId }: { sessionId: string }) {
  const loadFeed = useAppStore((s) => s.loadFeed);
  const refresh = useAppStore((s) => s.refreshFeedSummaries);
  const filter = useAppStore((s) => s.feedFilter);
  const setFilter = useAppStore((s) => s.setFeedFilter);
  const count = useAppStore((s) => s.feedEvents.length);
  const lastId = useAppStore((s) => s.feedEvents.at(-1)?.id ?? 0);
  const [text, setText] = useState(filter.text);
  // Services seen so far (and the one filtered on), for the service filter: worked out when the
  // events change, not at every change of the store (a key press, a sync state).
  const events = useAppStore((s) => s.feedEvents);
  const serviceKey = useMemo(
    () =>
      [...new Set([...events.map((e) => e.service), ...filter.services].filter(Boolean))]
        .sort()
        .join('\n'),
    [events, filter.services],
  );
  // The same list while the same services: the filter's options are not redrawn for nothing.
  const services = useMemo(() => (serviceKey ? serviceKey.split('\n') : []), [serviceKey]);

  useEffect(() => {
    void loadFeed(sessionId);
  }, [sessionId, loadFeed]);

  // Groups, rate and status follow the live events, at most once a second.
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, 1000 - (Date.now() - last.current));
    const t = setTimeout(() => {
      last.current = Date.now();
      void refresh();
    }, wait);
    return () => clearTimeout(t);
  }, [lastId, refresh]);
  useEffect(() => {
    const t = setInterval(() => void refresh(), 10_000);
    return () => clearInterval(t);
  }, [refresh]);
  // Sources start and stop with the session: show their new state at once.
  const runStatus = useAppStore((s) => s.run?.status);
  useEffect(() => {
    const t = setTimeout(() => void refresh(), 300);
    return () => clearTimeout(t);
  }, [runStatus, refresh]);

  useEffect(() => {
    if (text === filter.text) return;
    const t = setTimeout(() => void setFilter({ text }), 250);
    return () => clearTimeout(t);
  }, [text, filter.text, setFilter]);

  const toggleLevel = (l: Level) =>
    void setFilter({
      levels: filter.levels.includes(l)
        ? filter.levels.filter((x) => x !== l)
        : [...filter.levels, l],
    });

  return (
    <div className="feeds-grid">
      <section className="card feed-pane" aria-labelledby="feed-title">
        <div className="card-header">
          <h2 id="feed-title">Logs and errors</h2>
          <span className="count">{count.toLocaleString()}</span>
        </div>
        <div className="feed-filters" role="search">
          <input
            type="search"
            aria-label="Search logs"
            placeholder="Search messages"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="level-toggles" role="group" aria-label="Levels">
            {LEVELS.map((l) => (
              <button
                key={l}
                type="button"
                aria-pressed={filter.levels.includes(l)}
                className={`level level-${l}`}
                onClick={() => toggleLevel(l)}
              >
                {l}
              </button>
            ))}
          </div>
          <select
            aria-label="Source"
            value={filter.sources[0] ?? ''}
            onChange={(e) => void setFilter({ sources: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">All sources</option>
            <option value="otlp">OpenTelemetry</option>
            <option value="sentry">Sentry</option>
          </select>
          <select
            aria-label="Service"
            value={filter.services[0] ?? ''}
            onChange={(e) => void setFilter({ services: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <select
            aria-label="Time window"
            value={String(filter.window)}
            onChange={(e) =>
              void setFilter({
                window: (/^\d+$/.test(e.target.value)
                  ? Number(e.target.value)
                  : e.target.value) as FeedWindow,
              })
            }
          >
            <option value="all">With the baseline before</option>
            <option value="session">Since the session started</option>
            <option value="60">Last hour</option>
            <option value="15">Last 15 minutes</option>
            <option value="5">Last 5 minutes</option>
          </select>
          {filter.groupKey && (
            <button type="button" onClick={() => void setFilter({ groupKey: null })}>
              Group: {filter.groupKey.slice(0, 40)} ×
            </button>
          )}
        </div>
        <FeedList />
        <FeedDetail />
      </section>
      <div className="feeds-side">
        <ErrorRateChart />
        <ErrorGroups />
        <FeedSources />
      </div>
    </div>
  );
}

function FeedSources() {
  const status = useAppStore((s) => s.feedStatus);
  if (!status) return null;
  const total = Object.values(status.redactions).reduce((a, b) => a + b, 0);
  return (
    <section className="card sources" aria-labelledby="sources-title">
      <div className="card-header">
        <h2 id="sources-title">Sources</h2>
      </div>
      <ul className="source-list">
        {status.sources.map((s, i) => (
          <li key={`${s.kind}-${i}`} aria-label={s.name}>
            <span className={`source-dot status-${s.status}`} aria-hidden />
            <strong>{s.name}</strong> <span className="badge">{s.status}</span>
            <div className="source-detail">
              <code>{s.detail}</code>
              {s.lastEventAt && (
                <span> · last event {new Date(s.lastEventAt).toLocaleTimeString()}</span>
              )}
            </div>
            {s.warning && (
              <p className="field-error" role="alert">
                {s.name}: {s.warning}
              </p>
            )}
          </li>
        ))}
      </ul>
      {status.gaps
        .filter((g) => g.to === null)
        .map((g) => (
          <p key={g.id} className="field-error" role="alert">
            {gapText(g)}
          </p>
        ))}
      <p className="card-hint" role="status">
        {status.droppedOtherTenants.toLocaleString('en')} events of other tenants dropped ·{' '}
        {total.toLocaleString('en')} values redacted
      </p>
    </section>
  );
}
