import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootstrapClient, keepShellForOffline } from './api/bootstrap';
import { App } from './app/App';
import { TokenRequired } from './app/TokenRequired';
import { JoinPage } from './app/JoinPage';
import { WaitingForHost } from './app/WaitingForHost';
import { hostAnswers } from './api/hostReady';
import { createAppStore, StoreContext } from './store';
import './styles/index.css';

const root = createRoot(document.getElementById('root')!);
const boot = bootstrapClient();

if ('needsToken' in boot) {
  root.render(<TokenRequired reason="missing" />);
} else if ('join' in boot) {
  root.render(
    <StrictMode>
      <JoinPage sessionId={boot.join} />
    </StrictMode>,
  );
} else {
  const app = (
    <StoreContext.Provider
      value={createAppStore(boot.client, undefined, { personal: boot.personal })}
    >
      <App />
    </StoreContext.Provider>
  );
  // Desktop: the host is this process. Web: wait for it, with a back-off, before loading.
  const reachable = () => hostAnswers(window.location.origin);
  if (boot.mode === 'web') keepShellForOffline();
  root.render(
    <StrictMode>
      {boot.mode === 'desktop' ? app : <WaitingForHost reachable={reachable}>{app}</WaitingForHost>}
    </StrictMode>,
  );
}
