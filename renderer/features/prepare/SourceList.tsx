import { useEffect, useState } from 'react';
import type { FeedSource, LineCounts } from '../../../shared/domain/feeds';
import { useAppStore } from '../../store';

const REFRESH_MS = 2000;
const n = (v: number) => v.toLocaleString('en');

/** What a command or file read, and why it dropped what it did not store. */
function countsText(c: LineCounts): string {
  const parts = [`${n(c.read)} lines read`, `${n(c.stored)} stored`];
  if (c.otherTenant) parts.push(`${n(c.otherTenant)} dropped: another tenant`);
  if (c.noTenant) parts.push(`${n(c.noTenant)} dropped: no tenant`);
  if (c.repeated) parts.push(`${n(c.repeated)} repeated lines skipped`);
  return parts.join(' · ');
}

/**
 * The session's commands, files and APIs with their status; for commands and files whether
 * they are multi- or single-tenant and how many lines they dropped and why. Refreshed while
 * shown, since the counts move while the session runs.
 */
export function SourceList({
  sessionId,
  sources: initial,
  locked,
  onRemove,
}: {
  sessionId: string;
  sources: FeedSource[];
  locked: boolean;
  onRemove: (id: string) => Promise<void>;
}) {
  const listSources = useAppStore((s) => s.listSources);
  const setTenancy = useAppStore((s) => s.setSourceTenancy);
  // The latest list read here, valid until the parent hands a newer one (after an add or remove).
  const [polled, setPolled] = useState<{ from: FeedSource[]; list: FeedSource[] } | null>(null);
  const sources = polled?.from === initial ? polled.list : initial;
  const setSources = (update: (list: FeedSource[]) => FeedSource[]) =>
    setPolled({ from: initial, list: update(sources) });
  useEffect(() => {
    let live = true;
    const timer = setInterval(async () => {
      const now = await listSources(sessionId);
      if (live && now) setPolled({ from: initial, list: now });
    }, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [listSources, sessionId, initial]);
  const switchTo = async (s: FeedSource, tenancy: 'multi' | 'single') => {
    const changed = await setTenancy(s.id, tenancy);
    if (changed) setSources((all) => all.map((x) => (x.id === s.id ? changed : x)));
  };

  return (
    <ul className="source-list" aria-label="Local sources">
      {sources.map((s) => (
        <li key={s.id} aria-label={s.name}>
          <strong>{s.name}</strong> <span className="badge">{s.kind}</span> <code>{s.target}</code>{' '}
          <span className="badge">{s.status}</span>
          {s.tenancy && (
            <span className="badge">
              {s.tenancy === 'multi' ? 'multi-tenant' : 'single-tenant'}
            </span>
          )}
          {s.restartOnExit && <span className="badge">restarts when it exits</span>}
          {s.hasCredentials && <span className="badge">credentials kept by the host</span>}
          {s.tenancy && (
            <button
              type="button"
              className="ghost"
              disabled={locked}
              onClick={() => void switchTo(s, s.tenancy === 'multi' ? 'single' : 'multi')}
            >
              {s.tenancy === 'multi' ? 'Make single-tenant' : 'Make multi-tenant'}
            </button>
          )}
          <button
            type="button"
            className="ghost"
            disabled={locked}
            onClick={() => void onRemove(s.id)}
          >
            Remove
          </button>
          <div className="source-detail">{s.detail}</div>
          {s.lines && (
            <div className="source-detail" aria-label="Lines">
              {countsText(s.lines)}
            </div>
          )}
          {s.warning && (
            <p className="field-error" role="alert">
              {s.warning}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
