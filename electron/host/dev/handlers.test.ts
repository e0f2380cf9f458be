import { afterEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../test-support/tempHost';

const caller = { transport: 'test' } as const;
let host: ReturnType<typeof createTempHost>;
afterEach(() => host.dispose());

describe('dev.advanceClock', () => {
  it('refuses dev.advanceClock on a host without a test clock', async () => {
    host = createTempHost();
    expect(await host.dispatch('dev.advanceClock', { ms: 1000 }, caller)).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });
});
