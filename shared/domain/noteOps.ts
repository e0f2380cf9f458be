import type { Note, OpInput } from './notes';

/**
 * What a note op does to a note, in one place: the host applies it to what it stores, the
 * renderer to the notes its outbox has not yet had acknowledged (shown as pending).
 */

type CreateOp = Extract<OpInput, { kind: 'note.create' }>;
type NoteContent = Pick<Note, 'type' | 'text' | 'tags' | 'goalId' | 'evidence'>;

/** The note a create op describes; the host adds the roles of that moment and its elapsed time. */
export function createdNote(sessionId: string, op: CreateOp) {
  return {
    id: op.note.id,
    sessionId,
    type: op.note.type,
    text: op.note.text,
    tags: op.note.tags,
    authorId: op.note.authorId,
    goalId: op.note.goalId ?? null,
    at: op.at,
    screenshot: op.note.screenshot ?? null,
    evidence: op.note.evidence ?? [],
  };
}

/**
 * A note's content after an edit: each field the patch gives replaces the note's, the others
 * stay; a goalId of null takes the note off its goal.
 */
export function editedContent(note: NoteContent, patch: Partial<NoteContent>): NoteContent {
  return {
    type: patch.type ?? note.type,
    text: patch.text ?? note.text,
    tags: patch.tags ?? note.tags,
    goalId: patch.goalId === undefined ? note.goalId : patch.goalId,
    evidence: patch.evidence ?? note.evidence,
  };
}
