import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootstrapClient } from './api/bootstrap';
import { App } from './app/App';
import { TokenRequired } from './app/TokenRequired';
import { createAppStore, StoreContext } from './store';
import './styles/index.css';

const root = createRoot(document.getElementById('root')!);
const boot = bootstrapClient();

if ('needsToken' in boot) {
  root.render(<TokenRequired reason="missing" />);
} else {
  const store = createAppStore(boot.client);
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
