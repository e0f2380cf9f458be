import type { Db } from '../db/database';
import { newId, nowIso } from '../db/ids';
import type {
  Session,
  SessionFields,
  SessionPatch,
  SessionStatus,
  SessionSummary,
} from '../../../shared/domain/session';

type SessionRow = {
  id: string;
  title: string;
  charter: string;
  feature: string;
  flag_key: string;
  tenant_id: string;
  environment: string;
  release: string;
  timebox_minutes: number;
  rotation_minutes: number;
  break_every: number;
  votes_per_participant: number;
  note_writers: Session['noteWriters'];
  auto_rotate: number;
  planned_start: string | null;
  facilitator_id: string | null;
  product_owner_id: string | null;
  status: SessionStatus;
  archived_at: string | null;
  template_of: string | null;
  created_at: string;
  updated_at: string;
};

/** Field name in the domain → column in the table, for the editable fields. */
const COLUMNS: Record<keyof SessionFields, keyof SessionRow> = {
  title: 'title',
  charter: 'charter',
  feature: 'feature',
  flagKey: 'flag_key',
  tenantId: 'tenant_id',
  environment: 'environment',
  release: 'release',
  timeboxMinutes: 'timebox_minutes',
  rotationMinutes: 'rotation_minutes',
  breakEvery: 'break_every',
  votesPerParticipant: 'votes_per_participant',
  noteWriters: 'note_writers',
  autoRotate: 'auto_rotate',
  plannedStart: 'planned_start',
  facilitatorId: 'facilitator_id',
  productOwnerId: 'product_owner_id',
};

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  title: r.title,
  charter: r.charter,
  feature: r.feature,
  flagKey: r.flag_key,
  tenantId: r.tenant_id,
  environment: r.environment,
  release: r.release,
  timeboxMinutes: r.timebox_minutes,
  rotationMinutes: r.rotation_minutes,
  breakEvery: r.break_every,
  votesPerParticipant: r.votes_per_participant,
  noteWriters: r.note_writers,
  autoRotate: r.auto_rotate === 1,
  plannedStart: r.planned_start,
  facilitatorId: r.facilitator_id,
  productOwnerId: r.product_owner_id,
  status: r.status,
  archivedAt: r.archived_at,
  templateOf: r.template_of,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type ListFilter = { query: string; status: SessionStatus | 'any'; includeArchived: boolean };

/** SQLite has no booleans. */
const toColumn = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createSessionRepo(db: Db) {
  const byId = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO sessions (id, title, charter, feature, flag_key, tenant_id, environment, release,
       timebox_minutes, rotation_minutes, break_every, votes_per_participant, note_writers,
       auto_rotate, planned_start, facilitator_id, product_owner_id, status, archived_at, template_of,
       created_at, updated_at)
     VALUES (@id, @title, @charter, @feature, @flag_key, @tenant_id, @environment, @release,
       @timebox_minutes, @rotation_minutes, @break_every, @votes_per_participant, @note_writers,
       @auto_rotate, @planned_start, @facilitator_id, @product_owner_id, 'draft', NULL, @template_of,
       @created_at, @updated_at)`,
  );
  const list = db.prepare<
    Record<string, unknown>,
    SessionRow & { participant_count: number; goal_count: number }
  >(
    `SELECT s.*,
       (SELECT COUNT(*) FROM participants p WHERE p.session_id = s.id) AS participant_count,
       (SELECT COUNT(*) FROM goals g WHERE g.session_id = s.id) AS goal_count
     FROM sessions s
     WHERE (@status = 'any' OR s.status = @status)
       AND (@includeArchived = 1 OR s.archived_at IS NULL)
       AND (@pattern IS NULL OR s.title LIKE @pattern ESCAPE '\\' OR s.feature LIKE @pattern ESCAPE '\\'
            OR s.flag_key LIKE @pattern ESCAPE '\\' OR s.charter LIKE @pattern ESCAPE '\\'
            OR s.release LIKE @pattern ESCAPE '\\')
     ORDER BY s.archived_at IS NOT NULL, COALESCE(s.planned_start, s.updated_at) DESC, s.id DESC`,
  );
  const setArchived = db.prepare(
    'UPDATE sessions SET archived_at = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const touch = db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?');
  const setStatus = db.prepare('UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?');

  return {
    get(id: string): Session | undefined {
      const row = byId.get(id);
      return row && toSession(row);
    },

    list(filter: ListFilter): SessionSummary[] {
      const q = filter.query.trim();
      return list
        .all({
          status: filter.status,
          includeArchived: filter.includeArchived ? 1 : 0,
          pattern: q ? `%${escapeLike(q)}%` : null,
        })
        .map((r) => {
          const s = toSession(r);
          return {
            id: s.id,
            title: s.title,
            feature: s.feature,
            flagKey: s.flagKey,
            tenantId: s.tenantId,
            environment: s.environment,
            status: s.status,
            archivedAt: s.archivedAt,
            plannedStart: s.plannedStart,
            updatedAt: s.updatedAt,
            participantCount: r.participant_count,
            goalCount: r.goal_count,
          };
        });
    },

    insert(fields: SessionFields, templateOf: string | null = null): Session {
      const id = newId();
      const now = nowIso();
      const row: Record<string, unknown> = {
        id,
        template_of: templateOf,
        created_at: now,
        updated_at: now,
      };
      for (const [field, column] of Object.entries(COLUMNS)) {
        row[column] = toColumn(fields[field as keyof SessionFields]);
      }
      insert.run(row);
      return this.get(id)!;
    },

    update(id: string, patch: SessionPatch): Session {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<
        [keyof SessionFields, unknown]
      >;
      if (entries.length > 0) {
        const sets = entries.map(([field]) => `${COLUMNS[field]} = @${field}`).join(', ');
        db.prepare(`UPDATE sessions SET ${sets}, updated_at = @updatedAt WHERE id = @id`).run({
          ...Object.fromEntries(entries.map(([k, v]) => [k, toColumn(v)])),
          updatedAt: nowIso(),
          id,
        });
      }
      return this.get(id)!;
    },

    setArchived(id: string, archived: boolean): Session {
      const now = nowIso();
      setArchived.run(archived ? now : null, now, id);
      return this.get(id)!;
    },

    setStatus(id: string, status: SessionStatus): void {
      setStatus.run(status, nowIso(), id);
    },

    touch(id: string): void {
      touch.run(nowIso(), id);
    },

    delete(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type SessionRepo = ReturnType<typeof createSessionRepo>;
