import { useEffect } from 'react';
import { SessionList } from '../features/sessions/SessionList';
import { MiniRoles } from '../features/run/MiniRoles';
import { SessionView } from '../features/session/SessionView';
import { useAppStore } from '../store';
import { selectConnection, selectRoute } from '../store/uiSlice';
import { selectPerson } from '../store/identitySlice';
import { ConnectionBadge } from './ConnectionBadge';
import { Toasts } from './Toasts';
import { TokenRequired } from './TokenRequired';

export function App() {
  const route = useAppStore(selectRoute);
  const connection = useAppStore(selectConnection);
  const setRouteFromHash = useAppStore((s) => s.setRouteFromHash);
  const navigate = useAppStore((s) => s.navigate);
  const identity = useAppStore((s) => s.identity);
  const person = useAppStore(selectPerson);
  const loadIdentity = useAppStore((s) => s.loadIdentity);

  useEffect(() => {
    const sync = () => setRouteFromHash(window.location.hash);
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setRouteFromHash]);

  useEffect(() => {
    void loadIdentity();
  }, [loadIdentity]);

  // A personal link opens its own session and nothing else: the Run view first.
  const elsewhere = person !== null && (route.name === 'sessions' || route.id !== person.sessionId);
  useEffect(() => {
    if (person && elsewhere) navigate({ name: 'session', id: person.sessionId, phase: 'run' });
  }, [person, elsewhere, navigate]);

  if (connection === 'unauthorized') return <TokenRequired reason="rejected" />;
  if (identity === null || elsewhere) return <p className="page loading">Opening your session…</p>;
  if (route.name === 'mini') return <MiniRoles sessionId={route.id} />;

  return (
    <div className="app">
      {/* Skip links: the page's first Tab stops; a view may add its own here (Run does). */}
      <nav className="skip-links" id="skip-links" aria-label="Skip links">
        <a
          href="#"
          className="skip-link"
          onClick={(e) => {
            e.preventDefault();
            document.querySelector<HTMLElement>('.app-main')?.focus();
          }}
        >
          Skip to the main content
        </a>
      </nav>
      <header className="app-header">
        <a
          className="brand"
          href="#/"
          onClick={(e) => {
            e.preventDefault();
            navigate(
              person
                ? { name: 'session', id: person.sessionId, phase: 'run' }
                : { name: 'sessions' },
            );
          }}
        >
          Ensemble
        </a>
        <ConnectionBadge state={connection} />
      </header>
      <main className="app-main" tabIndex={-1}>
        {route.name === 'session' ? (
          <SessionView id={route.id} phase={route.phase} />
        ) : (
          <SessionList />
        )}
      </main>
      <Toasts />
    </div>
  );
}
