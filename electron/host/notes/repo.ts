import type { Db } from '../db/database';
import type { Note, NoteRevision, NoteType } from '../../../shared/domain/notes';

type NoteRow = {
  id: string;
  session_id: string;
  type: NoteType;
  text: string;
  tags: string;
  author_id: string | null;
  goal_id: string | null;
  roles: string;
  at: number;
  elapsed_ms: number;
  screenshot: string | null;
  evidence: string;
  version: number;
  deleted_at: number | null;
  updated_at: number;
};
type RevisionRow = {
  version: number;
  type: NoteType;
  text: string;
  tags: string;
  goal_id: string | null;
  deleted: number;
  edited_at: number;
  edited_by: string | null;
};

const toNote = (r: NoteRow): Note => ({
  id: r.id,
  sessionId: r.session_id,
  type: r.type,
  text: r.text,
  tags: JSON.parse(r.tags),
  authorId: r.author_id,
  goalId: r.goal_id,
  roles: JSON.parse(r.roles),
  at: r.at,
  elapsedMs: r.elapsed_ms,
  screenshot: r.screenshot,
  evidence: JSON.parse(r.evidence),
  version: r.version,
  deletedAt: r.deleted_at,
  updatedAt: r.updated_at,
});

export function createNoteRepo(db: Db) {
  const byId = db.prepare<[string], NoteRow>('SELECT * FROM notes WHERE id = ?');
  const bySession = db.prepare<[string], NoteRow>(
    'SELECT * FROM notes WHERE session_id = ? AND deleted_at IS NULL ORDER BY at, id',
  );
  // Deleted notes count too: deleting a note does not give its writer's grace back.
  const byAuthorBetween = db.prepare<[string, string, number, number], { n: number }>(
    'SELECT 1 AS n FROM notes WHERE session_id = ? AND author_id = ? AND at BETWEEN ? AND ? LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO notes (id, session_id, type, text, tags, author_id, goal_id, roles, at, elapsed_ms, screenshot, evidence, version, updated_at)
     VALUES (@id, @sessionId, @type, @text, @tags, @authorId, @goalId, @roles, @at, @elapsedMs, @screenshot, @evidence, 1, @at)`,
  );
  const update = db.prepare(
    `UPDATE notes SET type = @type, text = @text, tags = @tags, goal_id = @goalId, evidence = @evidence, version = @version,
       deleted_at = @deletedAt, updated_at = @updatedAt WHERE id = @id`,
  );
  const insertRevision = db.prepare(
    `INSERT INTO note_revisions (note_id, version, type, text, tags, goal_id, deleted, edited_at, edited_by)
     VALUES (@noteId, @version, @type, @text, @tags, @goalId, @deleted, @editedAt, @editedBy)`,
  );
  const revisions = db.prepare<[string], RevisionRow>(
    'SELECT * FROM note_revisions WHERE note_id = ? ORDER BY version',
  );

  /** Every version of a note, the first included, is kept in note_revisions. */
  const recordRevision = (n: Note, editedBy: string | null) =>
    insertRevision.run({
      noteId: n.id,
      version: n.version,
      type: n.type,
      text: n.text,
      tags: JSON.stringify(n.tags),
      goalId: n.goalId,
      deleted: n.deletedAt === null ? 0 : 1,
      editedAt: n.updatedAt,
      editedBy,
    });

  return {
    get(id: string): Note | undefined {
      const row = byId.get(id);
      return row && toNote(row);
    },
    /** Whether this participant wrote a note timed between `from` and `to`, both included. */
    wroteBetween(sessionId: string, authorId: string, from: number, to: number): boolean {
      return byAuthorBetween.get(sessionId, authorId, from, to) !== undefined;
    },
    list(sessionId: string): Note[] {
      return bySession.all(sessionId).map(toNote);
    },
    insert(note: Omit<Note, 'version' | 'deletedAt' | 'updatedAt'>): Note {
      insert.run({
        ...note,
        tags: JSON.stringify(note.tags),
        roles: JSON.stringify(note.roles),
        evidence: JSON.stringify(note.evidence),
      });
      const saved = this.get(note.id)!;
      recordRevision(saved, note.authorId);
      return saved;
    },
    /** Write a new version; the previous ones stay in the history. */
    revise(
      current: Note,
      next: Pick<Note, 'type' | 'text' | 'tags' | 'goalId' | 'evidence' | 'deletedAt'>,
      at: number,
      editedBy: string | null,
    ): Note {
      const version = current.version + 1;
      update.run({
        ...next,
        tags: JSON.stringify(next.tags),
        evidence: JSON.stringify(next.evidence),
        version,
        updatedAt: at,
        id: current.id,
      });
      const saved = this.get(current.id)!;
      recordRevision(saved, editedBy);
      return saved;
    },
    history(noteId: string): NoteRevision[] {
      return revisions.all(noteId).map((r) => ({
        version: r.version,
        type: r.type,
        text: r.text,
        tags: JSON.parse(r.tags),
        goalId: r.goal_id,
        deleted: r.deleted === 1,
        editedAt: r.edited_at,
        editedBy: r.edited_by,
      }));
    },
  };
}
export type NoteRepo = ReturnType<typeof createNoteRepo>;
