import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/roles';
import { createTempHost } from '../../../test-support/tempHost';

let host: ReturnType<typeof createTempHost>;
let sessionId: string;
let roles: Role[];
beforeEach(async () => {
  host = createTempHost();
  const detail = await host.call('sessions.create', { title: 'S' });
  sessionId = detail.session.id;
  roles = detail.roles;
});
afterEach(() => host.dispose());
const caller = { transport: 'test' } as const;
const keep = (r: Role, name = r.name) => ({ id: r.id, name });

describe('roles.set', () => {
  it('renames, adds before observers, and keeps keys stable', async () => {
    const [driver, navigator, noteTaker, observer] = roles as [Role, Role, Role, Role];
    const next = await host.call('roles.set', {
      sessionId,
      roles: [
        keep(driver, 'Pilot'),
        keep(navigator),
        keep(noteTaker, 'Scribe'),
        { name: 'Devil’s advocate' },
        keep(observer, 'Watchers'),
      ],
    });
    expect(next.map((r) => [r.key, r.name])).toEqual([
      ['driver', 'Pilot'],
      ['navigator', 'Navigator'],
      ['note-taker', 'Scribe'],
      ['devil-s-advocate', 'Devil’s advocate'],
      ['observer', 'Watchers'],
    ]);
  });

  it('refuses to drop the driver or observers, to misplace observers, or duplicate names', async () => {
    const [driver, navigator, noteTaker, observer] = roles as [Role, Role, Role, Role];
    const cases = [
      [[keep(navigator), keep(noteTaker), keep(observer)], /Driver role cannot be removed/],
      [[keep(driver), keep(navigator), keep(noteTaker)], /Observers role cannot be removed/],
      [[keep(driver), keep(observer), keep(navigator), keep(noteTaker)], /must come last/],
      [
        [keep(driver), keep(navigator, 'Driver'), keep(noteTaker), keep(observer)],
        /Two roles are named "Driver"/,
      ],
    ] as const;
    for (const [list, message] of cases) {
      const res = await host.dispatch('roles.set', { sessionId, roles: list }, caller);
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', message: expect.stringMatching(message) },
      });
    }
    expect((await host.call('sessions.get', { id: sessionId })).roles).toEqual(roles);
  });

  it('lets the note-taker role go only once someone else writes notes', async () => {
    const [driver, navigator, , observer] = roles as [Role, Role, Role, Role];
    const without = [keep(driver), keep(navigator), keep(observer)];
    const refused = await host.dispatch('roles.set', { sessionId, roles: without }, caller);
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Notes are written by the Note-taker/) },
    });
    await host.call('sessions.update', { id: sessionId, patch: { noteWriters: 'everyone' } });
    expect((await host.call('roles.set', { sessionId, roles: without })).map((r) => r.key)).toEqual(
      ['driver', 'navigator', 'observer'],
    );
    const back = await host.dispatch(
      'sessions.update',
      { id: sessionId, patch: { noteWriters: 'note-taker' } },
      caller,
    );
    expect(back).toMatchObject({ ok: false, error: { issues: [{ path: 'patch.noteWriters' }] } });
  });
});
