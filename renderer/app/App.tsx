import { useEffect } from 'react';
import { SessionList } from '../features/sessions/SessionList';
import { MiniRoles } from '../features/run/MiniRoles';
import { SessionView } from '../features/session/SessionView';
import { useAppStore } from '../store';
import { selectConnection, selectRoute } from '../store/uiSlice';
import { ConnectionBadge } from './ConnectionBadge';
import { Toasts } from './Toasts';
import { TokenRequired } from './TokenRequired';

export function App() {
  const route = useAppStore(selectRoute);
  const connection = useAppStore(selectConnection);
  const setRouteFromHash = useAppStore((s) => s.setRouteFromHash);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    const sync = () => setRouteFromHash(window.location.hash);
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setRouteFromHash]);

  if (connection === 'unauthorized') return <TokenRequired reason="rejected" />;
  if (route.name === 'mini') return <MiniRoles sessionId={route.id} />;

  return (
    <div className="app">
      <header className="app-header">
        <a
          className="brand"
          href="#/"
          onClick={(e) => {
            e.preventDefault();
            navigate({ name: 'sessions' });
          }}
        >
          Ensemble
        </a>
        <ConnectionBadge state={connection} />
      </header>
      <main className="app-main">
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
