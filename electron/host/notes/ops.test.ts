import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../test-support/runFixture';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

describe('notes through the outbox ops', () => {
  it('stores a note with its time, the roles of that moment and the focus goal', async () => {
    fx = await runFixture();
    const { host, sessionId, people, goals, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    await advance(3 * MIN);
    const op = noteOp(people.Cleo!, 'Checkout shows two totals #pricing', start.hostNow + 3 * MIN, {
      goalId: goals[0]!,
      type: 'bug',
    });
    const applied = await host.call('notes.apply', { sessionId, ops: [op] });
    expect(applied.results).toEqual([{ opId: op.opId, status: 'applied' }]);
    expect(applied.notes.map((n) => n.text)).toEqual(['Checkout shows two totals #pricing']);

    const [note] = (await host.call('notes.timeline', { sessionId })).notes;
    expect(note).toMatchObject({
      type: 'bug',
      text: 'Checkout shows two totals #pricing',
      authorId: people.Cleo,
      goalId: goals[0],
      elapsedMs: 3 * MIN,
      roles: [
        { roleKey: 'driver', participantId: people.Ana },
        { roleKey: 'navigator', participantId: people.Dev },
        { roleKey: 'note-taker', participantId: people.Cleo },
      ],
    });
  });

  it('applies a replayed op once: the same ops sent three times give one note', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const ops = [
      noteOp(people.Ana!, 'one', start.hostNow),
      noteOp(people.Ben!, 'two', start.hostNow),
    ];
    await host.call('notes.apply', { sessionId, ops });
    const again = await host.call('notes.apply', { sessionId, ops });
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    // A client that lost the first answer still learns what was stored.
    expect(again.notes.map((n) => n.text)).toEqual(['one', 'two']);

    await host.call('notes.apply', { sessionId, ops: [...ops].reverse() });
    expect((await host.call('notes.timeline', { sessionId })).notes.map((n) => n.text)).toEqual([
      'one',
      'two',
    ]);
  });

  it('keeps every version: edits and deletion are in the history, the timeline shows the latest', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const create = noteOp(people.Ana!, 'first words', start.hostNow);
    const noteId = create.kind === 'note.create' ? create.note.id : '';
    await host.call('notes.apply', {
      sessionId,
      ops: [
        create,
        {
          opId: ulid(),
          kind: 'note.edit',
          at: start.hostNow + 1,
          editorId: people.Ben!,
          noteId,
          patch: { text: 'better words', type: 'risk' },
        },
      ],
    });
    expect((await host.call('notes.timeline', { sessionId })).notes[0]).toMatchObject({
      text: 'better words',
      type: 'risk',
      version: 2,
    });
    await host.call('notes.apply', {
      sessionId,
      ops: [{ opId: ulid(), kind: 'note.delete', at: start.hostNow + 2, editorId: null, noteId }],
    });
    expect((await host.call('notes.timeline', { sessionId })).notes).toEqual([]);
    const { revisions } = await host.call('notes.history', { noteId });
    expect(revisions.map((r) => [r.version, r.text, r.type, r.deleted, r.editedBy])).toEqual([
      [1, 'first words', 'observation', false, people.Ana],
      [2, 'better words', 'risk', false, people.Ben],
      [3, 'better words', 'risk', true, null],
    ]);
  });

  it('restores a deleted note once, however often the restore is replayed', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const create = noteOp(people.Ana!, 'keep me', start.hostNow);
    const noteId = create.kind === 'note.create' ? create.note.id : '';
    const del = {
      opId: ulid(),
      kind: 'note.delete' as const,
      at: start.hostNow + 1,
      editorId: null,
      noteId,
    };
    const restore = { ...del, opId: ulid(), kind: 'note.restore' as const, at: start.hostNow + 2 };
    await host.call('notes.apply', { sessionId, ops: [create, del, restore] });
    expect((await host.call('notes.timeline', { sessionId })).notes).toMatchObject([
      { id: noteId, text: 'keep me', deletedAt: null, version: 3 },
    ]);
    // The outbox replays both after a reload: nothing changes, nothing is duplicated.
    const again = await host.call('notes.apply', { sessionId, ops: [del, restore] });
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const { notes } = await host.call('notes.timeline', { sessionId });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ deletedAt: null, version: 3 });
    const unknown = await host.call('notes.apply', {
      sessionId,
      ops: [{ ...restore, opId: ulid(), noteId: ulid() }],
    });
    expect(unknown.results[0]).toMatchObject({ status: 'rejected', error: 'Note not found' });
  });

  it('lets only the note-taker write when the session says so, with a grace period after their turn', async () => {
    fx = await runFixture({ noteWriters: 'note-taker' });
    const { host, sessionId, people, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const byDriver = await host.call('notes.apply', {
      sessionId,
      ops: [noteOp(people.Ana!, 'driver typing', start.hostNow)],
    });
    expect(byDriver.results[0]).toMatchObject({
      status: 'rejected',
      error: 'In this session only the note-taker writes notes, and Ana was not note-taker then',
    });
    expect(
      (
        await host.call('notes.apply', {
          sessionId,
          ops: [noteOp(people.Cleo!, 'by the note-taker', start.hostNow)],
        })
      ).results[0]!.status,
    ).toBe('applied');
    // Cleo's turn as note-taker ends at 8 min; a note finished 30 s later still counts.
    await advance(8.5 * MIN);
    const late = await host.call('notes.apply', {
      sessionId,
      ops: [noteOp(people.Cleo!, 'finishing my note', start.hostNow + 8.5 * MIN)],
    });
    expect(late.results[0]!.status).toBe('applied');
    await advance(5 * MIN);
    const tooLate = await host.call('notes.apply', {
      sessionId,
      ops: [noteOp(people.Cleo!, 'long after', start.hostNow + 13.5 * MIN)],
    });
    expect(tooLate.results[0]!.status).toBe('rejected');
  });

  it('accepts notes written before the end even when they arrive after it, refuses later ones', async () => {
    fx = await runFixture();
    const { host, sessionId, people, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    await advance(MIN);
    await host.call('run.end', { sessionId });
    const offline = noteOp(people.Ana!, 'typed while offline', start.hostNow + 30_000);
    const after = noteOp(people.Ana!, 'after the end', start.hostNow + 2 * MIN);
    const { results } = await host.call('notes.apply', { sessionId, ops: [offline, after] });
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(results[1]!.error).toBe('The session has ended; nothing written after its end is saved');
  });

  it('refuses bad ops with a reason and applies the good ones next to them', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const draftOp = noteOp(people.Ana!, 'too early', Date.now());
    expect(
      (await host.call('notes.apply', { sessionId, ops: [draftOp] })).results[0],
    ).toMatchObject({
      status: 'rejected',
      error: 'The session has not started yet',
    });
    const start = await host.call('run.start', { sessionId });
    const other = await host.call('sessions.create', { title: 'Other' });
    const stranger = await host.call('participants.add', {
      sessionId: other.session.id,
      name: 'Zed',
      function: 'other',
    });
    const { results } = await host.call('notes.apply', {
      sessionId,
      ops: [
        noteOp(stranger.id, 'not mine', start.hostNow),
        noteOp(people.Ana!, 'fine', start.hostNow),
        noteOp(people.Ana!, 'future', start.hostNow + 10 * MIN),
      ],
    });
    expect(results.map((r) => r.error ?? r.status)).toEqual([
      'The author is not a participant of this session',
      'applied',
      'The note’s time is in the future; check this computer’s clock',
    ]);
    const empty = await host.dispatch(
      'notes.apply',
      { sessionId, ops: [{ ...noteOp(people.Ana!, '', start.hostNow) }] },
      { transport: 'test' },
    );
    expect(empty).toMatchObject({
      ok: false,
      error: { issues: [{ message: 'An empty note is not saved — type something first' }] },
    });
  });

  it('records goal status changes as ops and on the timeline', async () => {
    fx = await runFixture();
    const { host, sessionId, goals, people } = fx;
    const start = await host.call('run.start', { sessionId });
    const op = {
      opId: ulid(),
      kind: 'goal.status' as const,
      at: start.hostNow,
      actorId: people.Ana!,
      goalId: goals[0]!,
      status: 'concern' as const,
    };
    await host.call('notes.apply', { sessionId, ops: [op] });
    await host.call('notes.apply', { sessionId, ops: [op] });
    expect((await host.call('sessions.get', { id: sessionId })).goals[0]!.status).toBe('concern');
    const statusEvents = (await host.call('notes.timeline', { sessionId })).events.filter(
      (e) => e.type === 'goal.status',
    );
    expect(statusEvents).toHaveLength(1);
  });
});
