import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/api/events';
import { createTempHost } from '../../../test-support/tempHost';
import { createHost } from '../host';

let host: ReturnType<typeof createTempHost>;
beforeEach(() => (host = createTempHost()));
afterEach(() => host.dispose());

const caller = { transport: 'test' } as const;

describe('sessions', () => {
  it('creates a draft with the defaults and the default roles', async () => {
    const detail = await host.call('sessions.create', { title: '  New checkout  ' });
    expect(detail.session).toMatchObject({
      title: 'New checkout',
      status: 'draft',
      tenantId: 'internal',
      environment: 'production',
      timeboxMinutes: 90,
      rotationMinutes: 8,
      breakEvery: 5,
      noteWriters: 'note-taker',
    });
    expect(detail.roles.map((r) => [r.key, r.name, r.rotates])).toEqual([
      ['driver', 'Driver', true],
      ['navigator', 'Navigator', true],
      ['note-taker', 'Note-taker', true],
      ['observer', 'Observers', false],
    ]);
  });

  it('answers invalid input with an error naming each field, and writes nothing', async () => {
    const res = await host.dispatch(
      'sessions.create',
      { title: ' ', timeboxMinutes: 2, flagKey: 'bad key!', colour: 'red' },
      caller,
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid_argument');
    const paths = res.error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'timeboxMinutes', 'flagKey']));
    expect(res.error.message).toMatch(/title: Title is required/);
    expect(res.error.message).toMatch(/timeboxMinutes: Time-box must be at least 5 minutes/);
    expect(res.error.message).toMatch(/Unrecognized key.*colour/);
    expect(await host.call('sessions.list', {})).toEqual([]);
  });

  it('refuses unknown methods and malformed ids without crashing', async () => {
    expect(await host.dispatch('sessions.explode', {}, caller)).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await host.dispatch('sessions.get', { id: '../../etc/passwd' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', issues: [{ path: 'id' }] },
    });
    expect(
      await host.dispatch('sessions.get', { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, caller),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await host.dispatch('sessions.get', null, caller)).toMatchObject({ ok: false });
  });

  it('updates fields, keeps the rest, and lists with search, status and archive filters', async () => {
    const a = (
      await host.call('sessions.create', { title: 'Checkout v2', flagKey: 'new-checkout' })
    ).session;
    const b = (await host.call('sessions.create', { title: 'Search facets' })).session;
    const updated = await host.call('sessions.update', {
      id: a.id,
      patch: { charter: 'Can an internal user buy with the new checkout?', timeboxMinutes: 75 },
    });
    expect(updated).toMatchObject({
      title: 'Checkout v2',
      flagKey: 'new-checkout',
      timeboxMinutes: 75,
    });

    expect((await host.call('sessions.list', { query: 'CHECKOUT' })).map((s) => s.id)).toEqual([
      a.id,
    ]);
    expect((await host.call('sessions.list', { query: 'internal user' })).map((s) => s.id)).toEqual(
      [a.id],
    );
    expect((await host.call('sessions.list', { query: '%' })).length).toBe(0);
    expect((await host.call('sessions.list', { status: 'running' })).length).toBe(0);

    await host.call('sessions.archive', { id: b.id, archived: true });
    expect((await host.call('sessions.list', {})).map((s) => s.id)).toEqual([a.id]);
    const all = await host.call('sessions.list', { includeArchived: true });
    expect(all.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(all[1]!.archivedAt).not.toBeNull();
    const refused = await host.dispatch(
      'sessions.update',
      { id: b.id, patch: { title: 'x' } },
      caller,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/archived/) },
    });
  });

  it('assigns facilitator and product owner only from the session’s participants', async () => {
    const a = (await host.call('sessions.create', { title: 'A' })).session;
    const b = (await host.call('sessions.create', { title: 'B' })).session;
    const ana = await host.call('participants.add', {
      sessionId: a.id,
      name: 'Ana',
      function: 'product',
    });
    const bob = await host.call('participants.add', {
      sessionId: b.id,
      name: 'Bob',
      function: 'support',
    });
    const s = await host.call('sessions.update', {
      id: a.id,
      patch: { productOwnerId: ana.id, facilitatorId: ana.id },
    });
    expect(s.productOwnerId).toBe(ana.id);
    const res = await host.dispatch(
      'sessions.update',
      { id: a.id, patch: { facilitatorId: bob.id } },
      caller,
    );
    expect(res).toMatchObject({ ok: false, error: { issues: [{ path: 'patch.facilitatorId' }] } });
    await host.call('participants.remove', { id: ana.id });
    const after = await host.call('sessions.get', { id: a.id });
    expect(after.session.productOwnerId).toBeNull();
  });

  it('duplicates as a template: fields, roles, participants and goals, without votes', async () => {
    const src = (
      await host.call('sessions.create', {
        title: 'Checkout',
        feature: 'New checkout',
        rotationMinutes: 10,
      })
    ).session;
    const ana = await host.call('participants.add', {
      sessionId: src.id,
      name: 'Ana',
      function: 'product',
    });
    await host.call('sessions.update', { id: src.id, patch: { productOwnerId: ana.id } });
    const goal = await host.call('goals.add', {
      sessionId: src.id,
      title: 'Pay by card',
      priority: 'must',
    });
    await host.call('goals.vote', { goalId: goal.id, participantId: ana.id, delta: 1 });

    const copy = await host.call('sessions.duplicate', { id: src.id });
    expect(copy.session).toMatchObject({
      title: 'Checkout (copy)',
      feature: 'New checkout',
      rotationMinutes: 10,
      templateOf: src.id,
      status: 'draft',
    });
    expect(copy.participants.map((p) => p.name)).toEqual(['Ana']);
    expect(copy.participants[0]!.id).not.toBe(ana.id);
    expect(copy.session.productOwnerId).toBe(copy.participants[0]!.id);
    expect(copy.goals.map((g) => [g.title, g.priority, g.votes])).toEqual([
      ['Pay by card', 'must', []],
    ]);
    expect(copy.roles.map((r) => r.name)).toEqual([
      'Driver',
      'Navigator',
      'Note-taker',
      'Observers',
    ]);
  });

  it('deletes a session with everything in it and tells subscribers', async () => {
    const events: HostEvent[] = [];
    host.subscribe((e) => events.push(e));
    const s = (await host.call('sessions.create', { title: 'Doomed' })).session;
    await host.call('goals.add', { sessionId: s.id, title: 'g' });
    await host.call('sessions.delete', { id: s.id });
    expect(await host.dispatch('sessions.get', { id: s.id }, caller)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const changes = events.flatMap((e) =>
      e.event === 'sessions.changed' ? [e.payload.change] : [],
    );
    expect(changes).toEqual(['created', 'updated', 'deleted']);
  });

  it('keeps everything across a host restart', async () => {
    const s = (await host.call('sessions.create', { title: 'Survivor', release: '2026.11.3' }))
      .session;
    await host.call('participants.add', { sessionId: s.id, name: 'Ana', function: 'design' });
    host.close();
    const again = createHost({ dataDir: host.dataDir, mode: 'web' });
    const detail = await again.call('sessions.get', { id: s.id });
    expect(detail.session.release).toBe('2026.11.3');
    expect(detail.participants.map((p) => p.name)).toEqual(['Ana']);
    again.close();
    host = createTempHost(host.dataDir);
  });
});
