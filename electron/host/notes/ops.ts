import type { Evidence, Note, Op, OpResult } from '../../../shared/domain/notes';
import { createdNote, editedContent } from '../../../shared/domain/noteOps';
import { writeRight, writerRoleName } from '../../../shared/domain/noteRules';
import type { RoleHolder } from '../../../shared/domain/run';
import { ApiError } from '../../../shared/api/errors';
import type { HostContext } from '../context';
import { elapsedAt, runningIntervals, sessionBounds } from '../../../shared/run/clock';
import { foldRotation, roleHolders } from '../run/rotation';
import { runInputs } from '../run/service';
import { writeTransaction } from '../db/write';

/** Clocks of browsers and host may disagree a little; further in the future is refused. */
const FUTURE_TOLERANCE_MS = 60_000;

class Rejected extends Error {}

/** A personal link's holder sending ops: they act as themselves (null: the host's own app). */
export type Sender = { participantId: string; name: string; facilitates: boolean } | null;

type Ctx = {
  host: HostContext;
  sessionId: string;
  inputs: ReturnType<typeof runInputs>;
  sender: Sender;
};

/** Who held which rotating role at host time `at`. */
function rolesAt(ctx: Ctx, at: number): RoleHolder[] {
  const events = ctx.inputs.events.filter((e) => e.at <= at);
  return roleHolders(foldRotation(events), ctx.inputs.roles).holders;
}

function checkTime(ctx: Ctx, at: number) {
  const { startedAt, endedAt } = sessionBounds(ctx.inputs.events);
  if (startedAt === null) throw new Rejected('The session has not started yet');
  if (at < startedAt - FUTURE_TOLERANCE_MS)
    throw new Rejected('This was written before the session started');
  if (endedAt !== null && at > endedAt)
    throw new Rejected('The session has ended; nothing written after its end is saved');
  if (at > ctx.host.clock.now() + FUTURE_TOLERANCE_MS)
    throw new Rejected('The note’s time is in the future; check this computer’s clock');
}

/** The moment a note began: when its writer started typing, within the session and not after `at`. */
function startOf(ctx: Ctx, at: number, startedAt: number | undefined): number | null {
  if (startedAt === undefined) return null;
  if (startedAt > at) throw new Rejected('A note cannot have been started after it was saved');
  const { startedAt: sessionStart } = sessionBounds(ctx.inputs.events);
  if (sessionStart === null || startedAt < sessionStart - FUTURE_TOLERANCE_MS)
    throw new Rejected('This note was started before the session started');
  return startedAt;
}

function checkWriter(ctx: Ctx, authorId: string, at: number, startedAt: number | null) {
  const author = ctx.host.repos.participants.get(authorId);
  if (!author || author.sessionId !== ctx.sessionId)
    throw new Rejected('The author is not a participant of this session');
  const { noteWriters } = ctx.inputs.session;
  const changesAt = ctx.inputs.events.map((e) => e.at);
  const savedSince = (t: number) =>
    ctx.host.repos.notes.wroteBetween(ctx.sessionId, authorId, t, at);
  const right = writeRight(
    noteWriters,
    authorId,
    (t) => rolesAt(ctx, t),
    at,
    startedAt,
    changesAt,
    savedSince,
  );
  if (right) return;
  const role = writerRoleName(noteWriters, ctx.inputs.roles);
  throw new Rejected(
    `In this session only the ${role} writes notes, and ${author.name} was not ${role} then`,
  );
}

function checkGoal(ctx: Ctx, goalId: string | null | undefined) {
  if (!goalId) return;
  const goal = ctx.host.repos.goals.get(goalId);
  if (!goal || goal.sessionId !== ctx.sessionId)
    throw new Rejected('The goal is not part of this session');
}

/** Pinned events must be the session tenant's own; summaries are the host's (redacted) text. */
function checkEvidence(ctx: Ctx, evidence: readonly Evidence[]): Evidence[] {
  const tenant = ctx.inputs.session.tenantId;
  return evidence.map((e) => {
    if (e.kind === 'event') {
      const row = ctx.host.repos.feeds.eventSummary(e.eventId);
      if (!row || row.tenant !== tenant)
        throw new Rejected('A pinned log event is not one of this tenant’s');
      return { kind: 'event', eventId: e.eventId, summary: row.message.slice(0, 300) };
    }
    const message = ctx.host.repos.feeds.newestGroupMessage(tenant, e.groupKey);
    if (message === undefined)
      throw new Rejected('A pinned error group has no events for this tenant');
    // A group is best named by its key (type and normalized message), unless that is a fingerprint.
    const summary = e.groupKey.startsWith('fp:') ? message : e.groupKey;
    return { kind: 'group', groupKey: e.groupKey, summary: summary.slice(0, 300) };
  });
}

function requireNote(ctx: Ctx, noteId: string): Note {
  const note = ctx.host.repos.notes.get(noteId);
  if (!note || note.sessionId !== ctx.sessionId) throw new Rejected('Note not found');
  return note;
}

const sameEvidence = (a: Evidence, b: Evidence) =>
  a.kind === 'event'
    ? b.kind === 'event' && a.eventId === b.eventId
    : b.kind === 'group' && a.groupKey === b.groupKey;

/**
 * What a personal link may do to a note: its own notes anything; someone else's only pin more
 * evidence to (observers pin what they see in the feeds), unless the sender facilitates.
 */
function checkSender(ctx: Ctx, op: Op): Op {
  const sender = ctx.sender;
  if (!sender) return op;
  const self = sender.participantId;
  if (op.kind === 'note.create') {
    if (op.note.authorId !== self)
      throw new Rejected(`This link writes notes as ${sender.name} only`);
    return op;
  }
  if (op.kind === 'goal.status') {
    if (op.actorId !== null && op.actorId !== self)
      throw new Rejected(`This link acts as ${sender.name} only`);
    return { ...op, actorId: self };
  }
  if (op.editorId !== null && op.editorId !== self)
    throw new Rejected(`This link edits notes as ${sender.name} only`);
  const mine = { ...op, editorId: self };
  const note = requireNote(ctx, op.noteId);
  if (note.authorId === self || sender.facilitates) return mine;
  if (op.kind === 'note.edit') {
    const keys = Object.keys(op.patch).filter(
      (k) => op.patch[k as keyof typeof op.patch] !== undefined,
    );
    const pinsOnly = keys.length === 1 && keys[0] === 'evidence';
    const keepsPins = note.evidence.every((e) =>
      op.patch.evidence?.some((n) => sameEvidence(e, n)),
    );
    if (pinsOnly && keepsPins) return mine;
  }
  throw new Rejected('You can change your own notes; on other people’s notes you can pin evidence');
}

function applyOne(ctx: Ctx, received: Op): Note | null {
  const { host, sessionId } = ctx;
  checkTime(ctx, received.at);
  const op = checkSender(ctx, received);
  switch (op.kind) {
    case 'note.create': {
      const existing = host.repos.notes.get(op.note.id);
      if (existing) throw new Rejected('A note with this id exists already');
      const startedAt = startOf(ctx, op.at, op.note.startedAt);
      checkWriter(ctx, op.note.authorId, op.at, startedAt);
      checkGoal(ctx, op.note.goalId);
      if (op.note.screenshot && !host.repos.screenshots.has(sessionId, op.note.screenshot)) {
        throw new Rejected('The screenshot of this note has not been uploaded');
      }
      return host.repos.notes.insert({
        ...createdNote(sessionId, op),
        // The roles of the moment the writer began: a note finished after a rotation keeps them.
        roles: rolesAt(ctx, startedAt ?? op.at).map(({ roleKey, participantId }) => ({
          roleKey,
          participantId,
        })),
        elapsedMs: Math.round(elapsedAt(runningIntervals(ctx.inputs.events), op.at)),
        evidence: checkEvidence(ctx, op.note.evidence),
      });
    }
    case 'note.edit': {
      const note = requireNote(ctx, op.noteId);
      if (note.deletedAt !== null) throw new Rejected('The note was deleted');
      checkGoal(ctx, op.patch.goalId);
      const evidence = op.patch.evidence && checkEvidence(ctx, op.patch.evidence);
      const next = { ...editedContent(note, { ...op.patch, evidence }), deletedAt: null };
      return host.repos.notes.revise(note, next, op.at, op.editorId);
    }
    case 'note.delete': {
      const note = requireNote(ctx, op.noteId);
      if (note.deletedAt !== null) return note;
      return host.repos.notes.revise(note, { ...note, deletedAt: op.at }, op.at, op.editorId);
    }
    case 'note.restore': {
      const note = requireNote(ctx, op.noteId);
      if (note.deletedAt === null) return note;
      return host.repos.notes.revise(note, { ...note, deletedAt: null }, op.at, op.editorId);
    }
    case 'goal.status': {
      checkGoal(ctx, op.goalId);
      host.repos.goals.setStatus(op.goalId, op.status);
      host.repos.events.append(
        sessionId,
        'goal.status',
        { goalId: op.goalId, status: op.status },
        op.at,
        op.actorId,
      );
      return null;
    }
  }
}

/**
 * Apply ops in order, each in its own transaction with its op id: all of an op or none of it
 * is written, and an op seen before is answered "duplicate" without touching anything.
 */
export function applyOps(
  host: HostContext,
  sessionId: string,
  ops: readonly Op[],
  sender: Sender = null,
) {
  const ctx: Ctx = { host, sessionId, inputs: runInputs(host, sessionId), sender };
  const results: OpResult[] = [];
  const notes: Note[] = [];
  let goalsChanged = false;
  for (const op of ops) {
    if (host.repos.appliedOps.has(op.opId)) {
      results.push({ opId: op.opId, status: 'duplicate' });
      // The sender may never have seen the first answer: give it the note as it is now.
      const noteId =
        op.kind === 'note.create' ? op.note.id : op.kind === 'goal.status' ? null : op.noteId;
      const current = noteId ? host.repos.notes.get(noteId) : undefined;
      if (current && current.sessionId === sessionId) notes.push(current);
      continue;
    }

    try {
      const note = writeTransaction(host.db, () => {
        const n = applyOne(ctx, op);
        host.repos.appliedOps.record(op.opId, sessionId, op.kind, host.clock.now());
        return n;
      });
      if (note) notes.push(note);
      if (op.kind === 'goal.status') {
        goalsChanged = true;
        ctx.inputs = runInputs(host, sessionId);
      }
      results.push({ opId: op.opId, status: 'applied' });
    } catch (error) {
      if (error instanceof Rejected)
        results.push({ opId: op.opId, status: 'rejected', error: error.message });
      else if (error instanceof ApiError)
        results.push({ opId: op.opId, status: 'rejected', error: error.message });
      else throw error;
    }
  }
  return { results, notes, goalsChanged };
}
