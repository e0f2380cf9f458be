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
  {
    version: 2,
    name: 'run: session event log, notes with history, applied ops, screenshots, goal status',
    sql: `
      ALTER TABLE sessions ADD COLUMN auto_rotate INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE goals ADD COLUMN status TEXT NOT NULL DEFAULT 'not-started'
        CHECK (status IN ('not-started', 'exploring', 'confident', 'concern', 'blocked'));
      ALTER TABLE goals ADD COLUMN added_during_session INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE session_events (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        actor_id TEXT,
        UNIQUE (session_id, seq)
      );
      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN ('bug', 'question', 'idea', 'risk', 'observation', 'good')),
        text TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        author_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        goal_id TEXT REFERENCES goals(id) ON DELETE SET NULL,
        roles TEXT NOT NULL DEFAULT '[]',
        at INTEGER NOT NULL,
        elapsed_ms INTEGER NOT NULL,
        screenshot TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        deleted_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX notes_session ON notes(session_id, at);
      CREATE TABLE note_revisions (
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        tags TEXT NOT NULL,
        goal_id TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        edited_at INTEGER NOT NULL,
        edited_by TEXT,
        PRIMARY KEY (note_id, version)
      );
      CREATE TABLE applied_ops (
        op_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      );
      CREATE TABLE screenshots (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, hash)
      );
    `,
  },
  {
    version: 3,
    name: 'feeds: events of the internal tenant, full-text index, counters, sources',
    sql: `
      ALTER TABLE sessions ADD COLUMN feed_settings TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE feed_events (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        source TEXT NOT NULL,
        time INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        level INTEGER NOT NULL,
        service TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        trace_id TEXT,
        span_id TEXT,
        release TEXT,
        environment TEXT,
        error_type TEXT,
        error_value TEXT,
        error_stack TEXT,
        group_key TEXT
      );
      CREATE INDEX feed_events_tenant_time ON feed_events(tenant, time);
      CREATE INDEX feed_events_group ON feed_events(tenant, group_key, time) WHERE group_key IS NOT NULL;
      -- Indexed in batches by the pipeline (a per-row trigger measured ~9x slower).
      CREATE VIRTUAL TABLE feed_fts USING fts5(message, content='feed_events', content_rowid='id');
      -- Per-minute counters: events of other tenants dropped, redactions made, gaps.
      CREATE TABLE feed_counts (
        tenant TEXT NOT NULL,
        source TEXT NOT NULL,
        minute INTEGER NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (tenant, source, minute, kind)
      );
      CREATE TABLE feed_sources (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE feed_gaps (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        from_time INTEGER NOT NULL,
        to_time INTEGER,
        reason TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'notes: pinned log events and error groups as evidence',
    sql: `ALTER TABLE notes ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 5,
    name: 'feeds: pull sources resume where they stopped; gaps belong to a session and name their source',
    sql: `
      ALTER TABLE feed_sources ADD COLUMN cursor INTEGER;
      DROP TABLE feed_gaps;
      CREATE TABLE feed_gaps (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        from_time INTEGER NOT NULL,
        to_time INTEGER,
        reason TEXT NOT NULL,
        backfilled INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX feed_gaps_session ON feed_gaps(session_id, from_time);
    `,
  },
  {
    version: 6,
    name: 'debrief: findings, goal outcomes, the structured debrief, rollout settings, signed decisions',
    sql: `
      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        severity TEXT NOT NULL,
        goal_id TEXT,
        owner_id TEXT,
        status TEXT NOT NULL,
        note_ids TEXT NOT NULL DEFAULT '[]',
        evidence TEXT NOT NULL DEFAULT '[]',
        merged_into TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (session_id, number)
      );
      CREATE TABLE goal_outcomes (
        goal_id TEXT PRIMARY KEY REFERENCES goals(id) ON DELETE CASCADE,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE debriefs (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        text TEXT NOT NULL DEFAULT '{}',
        rollout TEXT NOT NULL DEFAULT '{}',
        dismissed_notes TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE decisions (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        record TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        UNIQUE (session_id, version)
      );
      -- A signed decision is never changed: an amendment is a new version.
      CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
      BEGIN SELECT RAISE(ABORT, 'A signed decision cannot be changed; amend it instead'); END;
    `,
  },
  {
    version: 7,
    name: 'debrief: a signed decision keeps the whole record it was signed on; deleted findings keep their number',
    sql: `
      DROP TRIGGER decisions_are_immutable;
      ALTER TABLE decisions ADD COLUMN snapshot TEXT;
      CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
      BEGIN SELECT RAISE(ABORT, 'A signed decision cannot be changed; amend it instead'); END;
      ALTER TABLE findings ADD COLUMN deleted_at INTEGER;
    `,
  },
  {
    version: 8,
    name: 'feeds: commands and files are multi-tenant unless declared single-tenant; a finished command stays finished',
    // Sources added before this version took every line naming no tenant as the session's: they
    // become multi-tenant (lines must name the tenant), the safe reading; the sources list warns
    // when none does and the facilitator can declare the source single-tenant.
    sql: `
      ALTER TABLE feed_sources ADD COLUMN finished_at INTEGER;
      UPDATE feed_sources SET config = json_set(config, '$.tenancy', 'multi')
        WHERE kind IN ('command', 'file') AND json_extract(config, '$.tenancy') IS NULL;
      UPDATE feed_sources SET config = json_set(config, '$.restartOnExit', json('false'))
        WHERE kind = 'command' AND json_extract(config, '$.restartOnExit') IS NULL;
    `,
  },
  {
    version: 9,
    name: 'feeds: the full-text index merges its segments when the writer is idle, not during a burst',
    // FTS5 merges index segments as part of each write by default; during a burst of events that
    // work competes with storing them. The feed writer merges in its idle time instead (the
    // "merge" command); crisis merging still bounds the segments of each level.
    sql: `
      INSERT INTO feed_fts (feed_fts, rank) VALUES ('automerge', 0);
    `,
  },
  {
    version: 10,
    name: 'feeds: each stored batch is recorded, so a batch resent after a crash is not stored twice',
    // The feed writer records a batch's id in the transaction that stores it; a batch sent again
    // (its writer thread died between commit and answer) is found here and skipped. Ids are kept
    // an hour: a batch is only ever resent within the host process that made it.
    sql: `
      CREATE TABLE feed_batches (
        id TEXT PRIMARY KEY,
        stored_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX feed_batches_stored_at ON feed_batches (stored_at);
    `,
  },
  {
    version: 11,
    name: 'preflight: the pre-flight of each session (flag system, guardrails, last result, override)',
    // One row per session, written by the pre-flight only. The OFREP token is not here: the host's
    // secret store keeps it.
    sql: `
      CREATE TABLE preflights (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        settings TEXT NOT NULL,
        checklist TEXT NOT NULL,
        result TEXT,
        override TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'feeds: events per tenant, source and minute of their own time, for the error rate and "last event"',
    // The error-rate chart and checks, and each source's "last event", read these instead of the
    // events themselves (a 2-hour session at 500 events/s is 3.6 million rows: seconds of reading
    // on the thread that answers the API, on every refresh). The feed writer keeps them in the
    // transaction that stores or deletes events (store/writes.ts, store/repo.ts), so they are
    // exact; counted by the minute of each event's own time, as the chart places events. (Kept
    // by triggers instead, storing took 1.8 times as long.)
    sql: `
      CREATE TABLE feed_minutes (
        tenant TEXT NOT NULL,
        source TEXT NOT NULL,
        minute INTEGER NOT NULL,
        total INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        last_received INTEGER NOT NULL,
        PRIMARY KEY (tenant, source, minute)
      ) WITHOUT ROWID;
      INSERT INTO feed_minutes (tenant, source, minute, total, errors, last_received)
        SELECT tenant, source, time / 60000, COUNT(*), SUM(level >= 4), MAX(received_at)
        FROM feed_events GROUP BY 1, 2, 3;
    `,
  },
  {
    version: 13,
    name: 'decision: signatures anyone can verify (the JWS of each signed version, the public keys)',
    // Public keys only: the private key stays in the data folder's keys/ file and a key with a
    // private part ("d") is refused here. Keys outlive sessions, so records exported before a
    // session was deleted, or signed before a new key was made, still verify.
    sql: `
      CREATE TABLE signing_keys (
        kid TEXT PRIMARY KEY,
        jwk TEXT NOT NULL CHECK (json_valid(jwk) AND json_extract(jwk, '$.d') IS NULL),
        added_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE decision_signatures (
        decision_id TEXT PRIMARY KEY REFERENCES decisions(id) ON DELETE CASCADE,
        kid TEXT NOT NULL REFERENCES signing_keys(kid),
        jws TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER decision_signatures_are_immutable BEFORE UPDATE ON decision_signatures
      BEGIN SELECT RAISE(ABORT, 'A signature cannot be changed; amend the decision instead'); END;
    `,
  },
  {
    version: 14,
    name: 'links: personal links, one participant each, kept as the SHA-256 of their token',
    // The token itself is never stored: a page presents it, the host hashes it and looks it up.
    // A link goes with its participant and its session.
    sql: `
      CREATE TABLE personal_links (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        issued_at INTEGER NOT NULL,
        revoked_at INTEGER,
        first_used_at INTEGER
      );
      CREATE INDEX personal_links_session ON personal_links (session_id, participant_id);
    `,
  },
  {
    version: 15,
    name: 'feeds: error events per tenant, group and minute',
    // The error groups a Run page asks for each second were counted from the group index: every
    // error of the window read, 10-30 ms at 1,000,000 stored and more each hour of a session, on
    // the thread that answers the API. Counted per minute as they are written (by the minute of
    // each event's own time, as feed_minutes), the window's whole minutes cost one row a group,
    // read in one range of the key (tenant, minute first).
    sql: `
      CREATE TABLE feed_group_minutes (
        tenant TEXT NOT NULL,
        group_key TEXT NOT NULL,
        minute INTEGER NOT NULL,
        count INTEGER NOT NULL,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        PRIMARY KEY (tenant, minute, group_key)
      ) WITHOUT ROWID;
      INSERT INTO feed_group_minutes (tenant, minute, group_key, count, first_time, last_time, last_id)
        SELECT tenant, time / 60000, group_key, COUNT(*), MIN(time), MAX(time), MAX(id)
        FROM feed_events WHERE group_key IS NOT NULL GROUP BY 1, 2, 3;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
