import type { Note, NoteType, OpInput } from '../../../shared/domain/notes';
import { createdNote, editedContent } from '../../../shared/domain/noteOps';
import type { SessionEvent } from '../../../shared/domain/run';
import type { OutboxEntry } from '../../outbox/db';

export type TimelineEntry =
  | { kind: 'note'; at: number; note: Note; pending: boolean; rejected?: string; opId?: string }
  | { kind: 'event'; at: number; event: SessionEvent };

export type TimelineFilter = {
  type: NoteType | 'all';
  goalId: string;
  authorId: string;
  tag: string;
  query: string;
  events: boolean;
};
export const NO_FILTER: TimelineFilter = {
  type: 'all',
  goalId: '',
  authorId: '',
  tag: '',
  query: '',
  events: true,
};

/**
 * Notes from the host, what this device has not yet had acknowledged (shown as pending, with
 * its edits applied), and the session's events, in time order.
 */
export function timelineEntries(
  notes: readonly Note[],
  events: readonly SessionEvent[],
  outbox: readonly OutboxEntry[],
  sessionId: string,
): TimelineEntry[] {
  const byId = new Map<string, { note: Note; pending: boolean; rejected?: string; opId?: string }>(
    notes.filter((n) => n.deletedAt === null).map((n) => [n.id, { note: n, pending: false }]),
  );

  // Deleted here or on the host: what a pending restore brings back.
  const removed = new Map<
    string,
    { note: Note; pending: boolean; rejected?: string; opId?: string }
  >(notes.filter((n) => n.deletedAt !== null).map((n) => [n.id, { note: n, pending: false }]));
  for (const entry of outbox) {
    const op: OpInput = entry.op;
    const rejected = entry.state === 'rejected' ? entry.error : undefined;
    if (op.kind === 'note.create' && !byId.has(op.note.id)) {
      byId.set(op.note.id, {
        pending: true,
        rejected,
        opId: entry.opId,
        note: {
          ...createdNote(sessionId, op),
          roles: [],
          elapsedMs: -1,
          version: 0,
          deletedAt: null,
          updatedAt: op.at,
        },
      });
    } else if (op.kind === 'note.edit' && entry.state === 'pending') {
      const current = byId.get(op.noteId);
      if (current)
        byId.set(op.noteId, {
          ...current,
          pending: true,
          note: { ...current.note, ...editedContent(current.note, op.patch) },
        });
    } else if (op.kind === 'note.delete' && entry.state === 'pending') {
      const current = byId.get(op.noteId);
      if (current) removed.set(op.noteId, current);
      byId.delete(op.noteId);
    } else if (op.kind === 'note.restore' && entry.state === 'pending') {
      const gone = removed.get(op.noteId);
      if (gone && !byId.has(op.noteId))
        byId.set(op.noteId, { ...gone, pending: true, note: { ...gone.note, deletedAt: null } });
    }
  }
  const entries: TimelineEntry[] = [
    ...[...byId.values()].map((n) => ({ kind: 'note' as const, at: n.note.at, ...n })),
    ...events.map((event) => ({ kind: 'event' as const, at: event.at, event })),
  ];
  return entries.sort((a, b) => a.at - b.at);
}

export function filterEntries(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
): TimelineEntry[] {
  const q = f.query.trim().toLowerCase();
  const noteFilter = f.type !== 'all' || f.goalId || f.authorId || f.tag || q;
  return entries.filter((e) => {
    if (e.kind === 'event') return f.events && !noteFilter;
    const n = e.note;
    return (
      (f.type === 'all' || n.type === f.type) &&
      (!f.goalId || n.goalId === f.goalId) &&
      (!f.authorId || n.authorId === f.authorId) &&
      (!f.tag || n.tags.includes(f.tag)) &&
      (!q || n.text.toLowerCase().includes(q))
    );
  });
}
