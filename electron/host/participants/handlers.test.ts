import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../test-support/tempHost';

let host: ReturnType<typeof createTempHost>;
let sessionId: string;
beforeEach(async () => {
  host = createTempHost();
  sessionId = (await host.call('sessions.create', { title: 'S' })).session.id;
});
afterEach(() => host.dispose());
const caller = { transport: 'test' } as const;

describe('participants', () => {
  it('adds in roster order and reorders atomically', async () => {
    const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'];
    const ids: string[] = [];
    for (const name of names)
      ids.push(
        (await host.call('participants.add', { sessionId, name, function: 'engineering' })).id,
      );
    const reordered = await host.call('participants.reorder', {
      sessionId,
      orderedIds: [ids[4]!, ...ids.slice(0, 4)],
    });
    expect(reordered.map((p) => p.name)).toEqual(['Eli', 'Ana', 'Ben', 'Cleo', 'Dev']);
    const bad = await host.dispatch(
      'participants.reorder',
      { sessionId, orderedIds: ids.slice(0, 4) },
      caller,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', issues: [{ path: 'orderedIds' }] },
    });
    const dup = await host.dispatch(
      'participants.reorder',
      { sessionId, orderedIds: [ids[0]!, ...ids.slice(0, 4)] },
      caller,
    );
    expect(dup).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/appears twice/) },
    });
    expect(
      (await host.call('sessions.get', { id: sessionId })).participants.map((p) => p.name),
    ).toEqual(['Eli', 'Ana', 'Ben', 'Cleo', 'Dev']);
  });

  it('validates function, email and duplicate names, naming the field', async () => {
    const res = await host.dispatch(
      'participants.add',
      { sessionId, name: 'Ana', function: 'sales', email: 'not-an-email' },
      caller,
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.issues!.map((i) => i.path).sort()).toEqual(['email', 'function']);
    expect(res.error.message).toMatch(
      /function: Function must be one of: support, customer-success/,
    );
    await host.call('participants.add', {
      sessionId,
      name: 'Ana',
      function: 'support',
      email: 'ana@example.com',
    });
    const twice = await host.dispatch(
      'participants.add',
      { sessionId, name: 'ana', function: 'support' },
      caller,
    );
    expect(twice).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'name', message: 'ana is already a participant' }] },
    });
  });

  it('edits a participant and removing one takes their votes with them', async () => {
    const ana = await host.call('participants.add', {
      sessionId,
      name: 'Ana',
      function: 'support',
    });
    const edited = await host.call('participants.update', {
      id: ana.id,
      patch: { function: 'customer-success', email: 'a@b.co' },
    });
    expect(edited).toMatchObject({ name: 'Ana', function: 'customer-success', email: 'a@b.co' });
    const g = await host.call('goals.add', { sessionId, title: 'g' });
    await host.call('goals.vote', { goalId: g.id, participantId: ana.id, delta: 1 });
    await host.call('participants.remove', { id: ana.id });
    expect((await host.call('sessions.get', { id: sessionId })).goals[0]!.votes).toEqual([]);
  });
});
