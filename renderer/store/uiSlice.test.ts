import { describe, expect, it } from 'vitest';
import { createRealClient } from '../../test-support/realClient';
import { createAppStore } from './index';
import { parseHash, routeToHash } from './uiSlice';

describe('ui slice', () => {
  it('parses and prints routes; anything else is the session list', () => {
    const id = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    expect(parseHash(`#/sessions/${id}/debrief`)).toEqual({
      name: 'session',
      id,
      phase: 'debrief',
    });
    expect(parseHash(`#/sessions/${id}`)).toEqual({ name: 'session', id, phase: 'prepare' });
    expect(parseHash('#/sessions/not-an-id/prepare')).toEqual({ name: 'sessions' });
    expect(parseHash('')).toEqual({ name: 'sessions' });
    expect(routeToHash({ name: 'session', id, phase: 'run' })).toBe(`#/sessions/${id}/run`);
  });

  it('keeps at most four toasts, newest last', () => {
    const { client, host } = createRealClient();
    const store = createAppStore(client);
    for (let i = 1; i <= 6; i++) store.getState().toast('error', `e${i}`);
    expect(store.getState().toasts.map((t) => t.text)).toEqual(['e3', 'e4', 'e5', 'e6']);
    store.getState().dismissToast(store.getState().toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(3);
    host.dispose();
  });

  it('shows an error the host carried on after as an error toast', async () => {
    const { client, host } = createRealClient();
    const store = createAppStore(client);
    host.reportError('Deleting old feed events', new Error('disk I/O error'));
    await expect
      .poll(() => store.getState().toasts.map((t) => [t.kind, t.text]))
      .toEqual([
        [
          'error',
          'Deleting old feed events failed: disk I/O error. Ensemble carried on; the host log has details.',
        ],
      ]);
    host.dispose();
  });
});
