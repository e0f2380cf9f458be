import { afterEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../test-support/tempHost';
import { DEMO_OFREP, DEMO_SESSION } from './demo';

let host: ReturnType<typeof createTempHost>;
afterEach(() => host.dispose());

describe('the demo session', () => {
  it('is ready to run: people, goals, roles, and a pre-flight reading the demo shop’s flag', async () => {
    host = createTempHost();
    const detail = await host.call('sessions.createDemo', {});
    expect(detail.session).toMatchObject({ title: DEMO_SESSION.title, flagKey: 'new-checkout' });
    expect(detail.participants.map((p) => p.name)).toEqual(['Ana', 'Ben', 'Cleo', 'Dev']);
    expect(detail.goals.length).toBeGreaterThan(0);
    const preflight = await host.call('preflight.get', { sessionId: detail.session.id });
    expect(preflight.settings.flagSystem).toEqual({ kind: 'ofrep', baseUrl: DEMO_OFREP });
  });
});
