/**
 * Numbered schema migrations. A shipped migration is never edited: add a new one.
 * Each runs in its own transaction and is recorded in schema_migrations.
 */
export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'prepare: sessions, roles, participants, goals, votes',
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        charter TEXT NOT NULL DEFAULT '',
        feature TEXT NOT NULL DEFAULT '',
        flag_key TEXT NOT NULL DEFAULT '',
        tenant_id TEXT NOT NULL,
        environment TEXT NOT NULL,
        release TEXT NOT NULL DEFAULT '',
        timebox_minutes INTEGER NOT NULL,
        rotation_minutes INTEGER NOT NULL,
        break_every INTEGER NOT NULL,
        votes_per_participant INTEGER NOT NULL,
        note_writers TEXT NOT NULL CHECK (note_writers IN ('note-taker', 'driver', 'everyone')),
        planned_start TEXT,
        facilitator_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        product_owner_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'paused', 'ended')),
        archived_at TEXT,
        template_of TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE roles (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        UNIQUE (session_id, key)
      );
      CREATE TABLE participants (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        function TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX participants_session ON participants(session_id, position);
      CREATE TABLE goals (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL CHECK (priority IN ('must', 'should', 'could')),
        owner TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX goals_session ON goals(session_id, position);
      CREATE TABLE goal_votes (
        goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        dots INTEGER NOT NULL CHECK (dots > 0),
        PRIMARY KEY (goal_id, participant_id)
      );
      CREATE INDEX goal_votes_participant ON goal_votes(participant_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
