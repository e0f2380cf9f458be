import { afterEach, describe, expect, it } from 'vitest';
import { isMethodName } from '../../../shared/api/contract';
import { runFixture } from '../../../test-support/runFixture';

const page = { transport: 'web' } as const;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

describe('the old name of notes.apply', () => {
  it('stores an outbox replayed as run.apply once, whichever name sends it again', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const op = noteOp(people.Ana!, 'written before the upgrade', start.hostNow);

    // A page loaded from the previous version replays its outbox under the old name.
    expect(await host.dispatch('run.apply', { sessionId, ops: [op] }, page)).toMatchObject({
      ok: true,
      result: { results: [{ opId: op.opId, status: 'applied' }] },
    });
    expect(await host.dispatch('run.apply', { sessionId, ops: [op] }, page)).toMatchObject({
      ok: true,
      result: { results: [{ opId: op.opId, status: 'duplicate' }] },
    });
    const reloaded = await host.call('notes.apply', { sessionId, ops: [op] });
    expect(reloaded.results).toEqual([{ opId: op.opId, status: 'duplicate' }]);

    const stored = (await host.call('notes.timeline', { sessionId })).notes;
    expect(stored.map((n) => n.text)).toEqual(['written before the upgrade']);
  });

  it('is the only old name answered, and no client can call it', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    expect(await host.dispatch('run.timeline', { sessionId }, page)).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(isMethodName('run.apply')).toBe(false);
  });
});
