import { useEffect, useState } from 'react';
import { SESSION_STATUSES, type SessionSummary } from '../../../shared/domain/session';
import { ConfirmDialog } from '../../components/Dialog';
import { useAppStore } from '../../store';
import { selectFilter, selectSessions } from '../../store/sessionsSlice';
import { BackupsDialog } from './BackupsDialog';
import { NewSessionDialog } from './NewSessionDialog';
import { formatDateTime } from '../../lib/format';

export function SessionList() {
  const sessions = useAppStore(selectSessions);
  const loaded = useAppStore((s) => s.sessionsLoaded);
  const filter = useAppStore(selectFilter);
  const setFilter = useAppStore((s) => s.setFilter);
  const loadSessions = useAppStore((s) => s.loadSessions);
  const [creating, setCreating] = useState(false);
  const [backingUp, setBackingUp] = useState(false);
  const createDemo = useAppStore((s) => s.createDemoSession);
  const navigate = useAppStore((s) => s.navigate);
  const tryDemo = async () => {
    const id = await createDemo();
    if (id) navigate({ name: 'session', id, phase: 'prepare' });
  };
  const [query, setQuery] = useState(filter.query);

  useEffect(() => {
    void loadSessions();
  }, [loadSessions]);

  // Search as you type, a beat after the last key.
  useEffect(() => {
    if (query === filter.query) return;
    const t = setTimeout(() => void setFilter({ query }), 150);
    return () => clearTimeout(t);
  }, [query, filter.query, setFilter]);

  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page-header">
        <h1 id="sessions-title">Sessions</h1>
        <div className="row-actions">
          <button type="button" onClick={() => setBackingUp(true)}>
            Backups
          </button>
          <button
            type="button"
            onClick={() => void tryDemo()}
            title="Run npm run demo-tenant to feed it"
          >
            Try the demo tenant
          </button>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New session
          </button>
        </div>
      </div>
      <div className="toolbar" role="search">
        <input
          type="search"
          aria-label="Search sessions"
          placeholder="Search title, feature, flag, charter…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          aria-label="Status"
          value={filter.status}
          onChange={(e) => void setFilter({ status: e.target.value as typeof filter.status })}
        >
          <option value="any">Any status</option>
          {SESSION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filter.includeArchived}
            onChange={(e) => void setFilter({ includeArchived: e.target.checked })}
          />
          Show archived
        </label>
      </div>
      {loaded && sessions.length === 0 ? (
        <div className="empty">
          {filter.query || filter.status !== 'any' ? (
            <p>No session matches.</p>
          ) : (
            <>
              <p>
                No sessions yet. Prepare the first one: the charter, the flag under test, who joins
                and what you want to learn.
              </p>
              <button type="button" className="primary" onClick={() => setCreating(true)}>
                Prepare a session
              </button>
            </>
          )}
        </div>
      ) : (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((s) => (
            <SessionRow key={s.id} session={s} />
          ))}
        </ul>
      )}
      <NewSessionDialog open={creating} onClose={() => setCreating(false)} />
      <BackupsDialog open={backingUp} onClose={() => setBackingUp(false)} />
    </section>
  );
}

function SessionRow({ session }: { session: SessionSummary }) {
  const navigate = useAppStore((s) => s.navigate);
  const duplicate = useAppStore((s) => s.duplicateSession);
  const archive = useAppStore((s) => s.archiveSession);
  const remove = useAppStore((s) => s.deleteSession);
  const [confirming, setConfirming] = useState(false);
  const open = () => navigate({ name: 'session', id: session.id, phase: 'prepare' });

  return (
    <li
      className={`session-row ${session.archivedAt ? 'archived' : ''}`}
      aria-label={session.title}
    >
      <div className="session-main">
        <a
          href={`#/sessions/${session.id}/prepare`}
          className="session-title"
          onClick={(e) => {
            e.preventDefault();
            open();
          }}
        >
          {session.title}
        </a>
        <span className={`status status-${session.status}`}>{session.status}</span>
        {session.archivedAt && <span className="status status-archived">archived</span>}
        <div className="session-meta">
          {session.feature && <span>{session.feature}</span>}
          {session.flagKey && <code>{session.flagKey}</code>}
          <span>
            {session.tenantId} · {session.environment}
          </span>
          <span>
            {session.participantCount}{' '}
            {session.participantCount === 1 ? 'participant' : 'participants'} · {session.goalCount}{' '}
            {session.goalCount === 1 ? 'goal' : 'goals'}
          </span>
          {session.plannedStart && <span>Planned {formatDateTime(session.plannedStart)}</span>}
        </div>
      </div>
      <div className="row-actions">
        <button
          type="button"
          onClick={async () => {
            const id = await duplicate(session.id);
            if (id) navigate({ name: 'session', id, phase: 'prepare' });
          }}
        >
          Duplicate as template
        </button>
        <button type="button" onClick={() => void archive(session.id, !session.archivedAt)}>
          {session.archivedAt ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${session.title}”?`}
        body={
          <p>
            Its goals, participants and everything recorded in it are deleted for good. Archive it
            instead to keep it out of the way.
          </p>
        }
        confirmLabel="Delete session"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void remove(session.id);
        }}
      />
    </li>
  );
}
