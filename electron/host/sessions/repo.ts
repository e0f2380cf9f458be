import { FeedSettings } from '../../../shared/domain/feeds';
import type { Db } from '../db/database';
import { newId, nowIso } from '../db/ids';
import { patchAssignments } from '../db/patch';
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

/** A session's feed settings; an unreadable column reads as the defaults. */
const toFeedSettings = (json: string | null | undefined): FeedSettings => {
  try {
    return FeedSettings.parse(JSON.parse(json || '{}'));
  } catch {
    return FeedSettings.parse({});
  }
};

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
  const list = db.prepare<Record<string, unknown>, SessionRow>(
    `SELECT * FROM sessions s
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
  const withStatus = db
    .prepare<[SessionStatus], string>('SELECT id FROM sessions WHERE status = ?')
    .pluck();
  const pastDraft = db.prepare<[], { id: string; tenant_id: string }>(
    "SELECT id, tenant_id FROM sessions WHERE status != 'draft'",
  );
  const feedSettings = db
    .prepare<[string], string>('SELECT feed_settings FROM sessions WHERE id = ?')
    .pluck();
  const setFeedSettings = db.prepare(
    'UPDATE sessions SET feed_settings = ?, updated_at = ? WHERE id = ?',
  );
  const watched = db.prepare<[], { tenant_id: string; feed_settings: string }>(
    `SELECT tenant_id, feed_settings FROM sessions
     WHERE archived_at IS NULL AND status IN ('draft', 'running', 'paused')
     ORDER BY CASE status WHEN 'running' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, updated_at DESC`,
  );

  return {
    get(id: string): Session | undefined {
      const row = byId.get(id);
      return row && toSession(row);
    },

    /** The sessions matching a filter; their participant and goal counts are the caller's to add. */
    list(filter: ListFilter): Array<Omit<SessionSummary, 'participantCount' | 'goalCount'>> {
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
          };
        });
    },

    idsWithStatus(status: SessionStatus): string[] {
      return withStatus.all(status);
    },

    /** Sessions that have left the draft (started, paused or ended), with their tenants. */
    tenantsPastDraft(): Array<{ id: string; tenantId: string }> {
      return pastDraft.all().map((r) => ({ id: r.id, tenantId: r.tenant_id }));
    },

    /** A session's feed settings (the defaults for a session that is not there). */
    feedSettings(id: string): FeedSettings {
      return toFeedSettings(feedSettings.get(id));
    },

    setFeedSettings(id: string, settings: FeedSettings): void {
      setFeedSettings.run(JSON.stringify(settings), nowIso(), id);
    },

    /**
     * The tenants of sessions being prepared for or explored now, with their feed settings:
     * running sessions first, then paused, then drafts, the most recently changed first.
     */
    watchedTenants(): Array<{ tenantId: string; settings: FeedSettings }> {
      return watched
        .all()
        .map((r) => ({ tenantId: r.tenant_id, settings: toFeedSettings(r.feed_settings) }));
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
      const set = patchAssignments<SessionFields>(patch, (field) => COLUMNS[field], toColumn);
      if (set)
        db.prepare(`UPDATE sessions SET ${set.sets}, updated_at = @updatedAt WHERE id = @id`).run({
          ...set.values,
          updatedAt: nowIso(),
          id,
        });
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
