import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ApiError } from '../../../shared/api/errors';
import type { EventPayload, HostEvent } from '../../../shared/api/events';
import type { OpInput } from '../../../shared/domain/notes';
import { tokenOf, withLinks } from '../../../test-support/linksFixture';
import { runFixture } from '../../../test-support/runFixture';
import { startWebServer, type WebServer } from '../web/server';

const MIN = 60_000;
let fx: Awaited<ReturnType<ReturnType<typeof setup>>>;
let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  fx.host.dispose();
});

/**
 * Cleo takes notes in the first 8-minute turn (Ana drives), Dev after it; Ana facilitates.
 * Cleo began a note at 7:30; the turn ended at 8:00; it is now 8:30.
 */
const setup =
  () =>
  async (noteWriters: 'note-taker' | 'everyone' = 'note-taker') => {
    const base = await withLinks(await runFixture({ noteWriters }));
    const { host, sessionId } = base;
    const presence: Array<EventPayload<'presence.changed'>> = [];
    const unsubscribe = host.subscribe(
      (e: HostEvent) =>
        e.event === 'presence.changed' &&
        e.payload.sessionId === sessionId &&
        presence.push(e.payload),
    );
    const start = (await host.call('run.start', { sessionId })).hostNow;
    await base.advance(8.5 * MIN);
    const t = (minutes: number) => start + minutes * MIN;
    /** Who the session's pages were last told is finishing a note. */
    const told = () => presence.at(-1)?.presence.finishing.map((f) => f.participantId);
    return { ...base, start, t, told, presence, unsubscribe };
  };

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
};

const startedAt = (op: OpInput, at: number): OpInput =>
  op.kind === 'note.create' ? { ...op, note: { ...op.note, startedAt: at } } : op;

describe('notes.finishing: the next note-taker is told who is finishing a note', () => {
  it('tells every page who is finishing, until the note is saved with its writer', async () => {
    fx = await setup()();
    const { host, sessionId, people, as, t, told } = fx;
    const answer = await host.call(
      'notes.finishing',
      { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
      as('Cleo'),
    );
    expect(answer.finishing).toEqual([{ participantId: people.Cleo, until: t(10) }]);
    expect(told()).toEqual([people.Cleo]);
    // Everyone who opens the run later learns it too, with the timeline.
    const timeline = await host.call('notes.timeline', { sessionId }, as('Dev'));
    expect(timeline.presence).toEqual(answer);
    // Said again: nothing new to tell.
    const events = fx.presence.length;
    await host.call(
      'notes.finishing',
      { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
      as('Cleo'),
    );
    expect(fx.presence.length).toBe(events);

    const op = startedAt(fx.noteOp(people.Cleo!, 'refund total off by a cent', t(8.5)), t(7.5));
    const saved = await host.call('notes.apply', { sessionId, ops: [op] }, as('Cleo'));
    expect(saved.notes[0]!.authorId).toBe(people.Cleo);
    expect(told()).toEqual([]);
    const after = await host.call('notes.timeline', { sessionId });
    expect(after.presence.finishing).toEqual([]);
    expect(after.presence.version).toBeGreaterThan(answer.version);
  });

  it('lets a personal link say it of itself only, and refuses who has no note to finish', async () => {
    fx = await setup()();
    const { host, sessionId, people, as, t, told } = fx;
    const forCleo = refusal(
      host.call(
        'notes.finishing',
        { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
        as('Ben'),
      ),
    );
    expect((await forCleo).code).toBe('forbidden');
    // Dev takes notes now; Ben never did; a note begun after the turn is not one to finish.
    for (const [name, begun] of [
      ['Dev', t(8.2)],
      ['Ben', t(7.5)],
      ['Cleo', t(8.1)],
    ] as const) {
      const error = await refusal(
        host.call(
          'notes.finishing',
          { sessionId, participantId: people[name]!, active: true, startedAt: begun },
          as(name),
        ),
      );
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(new RegExp(`^${name} has no note to finish`));
    }
    expect(told()).toBeUndefined();
    // The facilitator's own app may say it of anyone (one shared screen).
    await host.call('notes.finishing', {
      sessionId,
      participantId: people.Cleo!,
      active: true,
      startedAt: t(7.5),
    });
    expect(told()).toEqual([people.Cleo]);
  });

  it('is refused when everyone writes notes: there is no grace to tell of', async () => {
    fx = await setup()('everyone');
    const { host, sessionId, people, as, t } = fx;
    const error = await refusal(
      host.call(
        'notes.finishing',
        { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
        as('Cleo'),
      ),
    );
    expect(error.code).toBe('conflict');
  });

  it('forgets it when the writer stops, and when the grace ends (host clock)', async () => {
    fx = await setup()();
    const { host, sessionId, people, as, t, told, advance } = fx;
    const finishing = () =>
      host.call(
        'notes.finishing',
        { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
        as('Cleo'),
      );
    await finishing();
    await host.call(
      'notes.finishing',
      { sessionId, participantId: people.Cleo!, active: false },
      as('Cleo'),
    );
    expect(told()).toEqual([]);

    await finishing();
    await advance(1.4 * MIN); // 9:54: still in the grace
    expect(told()).toEqual([people.Cleo]);
    await advance(0.2 * MIN); // 10:06: two minutes after her turn ended
    expect(told()).toEqual([]);
    expect((await refusal(finishing())).code).toBe('conflict');
  });

  it('forgets it when the session pauses, and when it ends', async () => {
    for (const end of ['run.pause', 'run.end'] as const) {
      fx = await setup()();
      const { host, sessionId, people, as, t, told } = fx;
      await host.call(
        'notes.finishing',
        { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
        as('Cleo'),
      );
      expect(told()).toEqual([people.Cleo]);
      await host.call(end, { sessionId });
      expect(told()).toEqual([]);
      if (end === 'run.pause') fx.host.dispose();
    }
  });

  it('forgets it when the writer’s pages close, and tells only the session’s own pages', async () => {
    fx = await setup()();
    const { host, sessionId, people, t, told, tokens } = fx;
    server = await startWebServer({
      host,
      hostname: '127.0.0.1',
      port: 0,
      token: 'test-token-0123456789abcdefghijklmnop',
      staticDir: null,
    });
    const origin = `http://127.0.0.1:${server.port}`;
    const open = (token: string) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server!.port}/api/events?token=${token}`, {
        origin,
      });
      const received: HostEvent[] = [];
      ws.on('message', (data) => received.push(JSON.parse(String(data)) as HostEvent));
      return { ws, received, opened: new Promise((r) => ws.once('open', r)) };
    };
    // Someone of another session, on their own link.
    const { session } = await host.call('sessions.create', { title: 'Another' });
    const eve = await host.call('participants.add', {
      sessionId: session.id,
      name: 'Eve',
      function: 'support',
    });
    const issued = await host.call('links.issue', { sessionId: session.id, participantId: eve.id });
    const outsider = open(tokenOf(issued.url!));
    const cleo = [open(tokens.Cleo!), open(tokens.Cleo!)];
    const dev = open(tokens.Dev!);
    await Promise.all([...cleo, dev, outsider].map((p) => p.opened));

    await host.call(
      'notes.finishing',
      { sessionId, participantId: people.Cleo!, active: true, startedAt: t(7.5) },
      fx.as('Cleo'),
    );
    const heard = (p: { received: HostEvent[] }) =>
      p.received.filter((e) => e.event === 'presence.changed').length;
    await expect.poll(() => heard(dev)).toBe(1);
    // Her pages close (a laptop shut, a lost connection): nobody is left waiting on her.
    for (const page of cleo) page.ws.close();
    await expect.poll(() => told()).toEqual([]);
    await expect.poll(() => heard(dev)).toBe(2);
    expect(heard(outsider)).toBe(0);
    dev.ws.close();
    outsider.ws.close();
  });
});
