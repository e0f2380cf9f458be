import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpInput } from '../../../shared/domain/notes';
import { runFixture } from '../../../test-support/runFixture';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

/** A note-create op that says when its writer began typing it. */
const startedAt = (op: OpInput, at: number): OpInput =>
  op.kind === 'note.create' ? { ...op, note: { ...op.note, startedAt: at } } : op;

describe('rotation grace: the note-taker whose turn ends may finish the note being typed', () => {
  it('saves a note typed across a rotation with its writer and the roles of when it began', async () => {
    fx = await runFixture({ noteWriters: 'note-taker' });
    const { host, sessionId, people, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    // Cleo takes notes in the first 8-minute turn; she starts typing at 7:30 and saves at 9:00.
    await advance(9 * MIN);
    const after = await host.call('run.state', { sessionId });
    expect(after.roles.find((r) => r.roleKey === 'note-taker')?.participantId).toBe(people.Dev);
    const op = startedAt(
      noteOp(people.Cleo!, 'the refund total is off by one cent', start.hostNow + 9 * MIN),
      start.hostNow + 7.5 * MIN,
    );
    const { results, notes } = await host.call('notes.apply', { sessionId, ops: [op] });
    expect(results[0]!.status).toBe('applied');
    expect(notes[0]).toMatchObject({
      text: 'the refund total is off by one cent',
      authorId: people.Cleo,
      roles: [
        { roleKey: 'driver', participantId: people.Ana },
        { roleKey: 'navigator', participantId: people.Dev },
        { roleKey: 'note-taker', participantId: people.Cleo },
      ],
    });
  });

  it('covers one note for two minutes: no second note, no later note, no note begun after the turn', async () => {
    fx = await runFixture({ noteWriters: 'note-taker' });
    const { host, sessionId, people, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const t = (minutes: number) => start.hostNow + minutes * MIN;
    await advance(12 * MIN);
    const apply = async (op: OpInput) =>
      (await host.call('notes.apply', { sessionId, ops: [op] })).results[0]!;

    // Begun after her turn ended (8:00): not a note she was typing then.
    const begunLate = await apply(startedAt(noteOp(people.Cleo!, 'begun late', t(8.5)), t(8.1)));
    expect(begunLate).toMatchObject({
      status: 'rejected',
      error: 'In this session only the note-taker writes notes, and Cleo was not note-taker then',
    });
    // Begun in her turn but saved more than two minutes after it: the grace has ended.
    const slow = await apply(startedAt(noteOp(people.Cleo!, 'slow', t(10.5)), t(7)));
    expect(slow.status).toBe('rejected');
    // A start claimed after the save, or before the session, is refused.
    expect(await apply(startedAt(noteOp(people.Cleo!, 'odd', t(8.5)), t(9)))).toMatchObject({
      status: 'rejected',
      error: 'A note cannot have been started after it was saved',
    });
    expect(await apply(startedAt(noteOp(people.Cleo!, 'odd', t(8.5)), t(-30)))).toMatchObject({
      status: 'rejected',
      error: 'This note was started before the session started',
    });

    const finished = await apply(startedAt(noteOp(people.Cleo!, 'finished', t(9)), t(7.9)));
    expect(finished.status).toBe('applied');
    // Deleting it does not give the grace back; a second note in the grace is refused.
    const [note] = (await host.call('notes.timeline', { sessionId })).notes;
    await host.call('notes.apply', {
      sessionId,
      ops: [
        {
          opId: ulid(),
          kind: 'note.delete',
          at: t(9.1),
          editorId: people.Cleo!,
          noteId: note!.id,
        },
      ],
    });
    const second = await apply(startedAt(noteOp(people.Cleo!, 'and another', t(9.5)), t(7.95)));
    expect(second.status).toBe('rejected');
    // Without a start time the same holds: one note, within two minutes of the turn's end.
    expect((await apply(noteOp(people.Cleo!, 'no start', t(9.6)))).status).toBe('rejected');
    // The new note-taker writes as usual.
    expect((await apply(noteOp(people.Dev!, 'mine now', t(9.7)))).status).toBe('applied');
  });
});
