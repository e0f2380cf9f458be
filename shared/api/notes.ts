import { z } from 'zod';
import { Id } from '../domain/common';
import { Note, NoteRevision, Op, OpResult, Presence } from '../domain/notes';
import { SessionEventSchema } from '../domain/run';
import { method, SessionRef } from './common';

export const notesApi = {
  /** The outbox: notes, edits, deletions and goal statuses, each applied once. */
  'notes.apply': method(
    z.object({ sessionId: Id, ops: z.array(Op).min(1).max(200) }).strict(),
    z.object({ results: z.array(OpResult), notes: z.array(Note) }),
  ),
  'notes.timeline': method(
    SessionRef,
    z.object({ notes: z.array(Note), events: z.array(SessionEventSchema), presence: Presence }),
  ),
  /**
   * The writer whose turn ended says they are still finishing the note they began in it
   * (`active: true`, with when they began it), or that they stopped. Refused unless that note
   * is still in its grace; the host forgets it when the note is saved or the grace ends.
   */
  'notes.finishing': method(
    z
      .object({
        sessionId: Id,
        participantId: Id,
        active: z.boolean(),
        startedAt: z.number().int().positive().optional(),
      })
      .strict(),
    Presence,
  ),
  'notes.history': method(
    z.object({ noteId: Id }).strict(),
    z.object({ note: Note, revisions: z.array(NoteRevision) }),
  ),
};
