import type { OwnSourceKind } from '../../../../shared/domain/feeds';
import type { Db } from '../../db/database';

/** A row of feed_sources: a source Ensemble runs itself for one session. */
export type SourceRow = {
  id: string;
  session_id: string;
  kind: OwnSourceKind;
  name: string;
  /** JSON: what to run, read or ask (credentials are in the secret store, never here). */
  config: string;
  enabled: number;
  /**
   * Where a pull source reads on from (null: the baseline before now); for a command, the newest
   * time a line it stored carried (written with the lines: see SourceMark).
   */
  cursor: number | null;
  /** When a command exited with 0 (it is not run again until turned off and on). */
  finished_at: number | null;
  created_at: number;
};

/** The sources of sessions, in the order they were added. */
export function createSourceRepo(db: Db) {
  const bySession = db.prepare<[string], SourceRow>(
    'SELECT * FROM feed_sources WHERE session_id = ? ORDER BY created_at',
  );
  const byId = db.prepare<[string], SourceRow>('SELECT * FROM feed_sources WHERE id = ?');
  const enabledOf = db.prepare<[string], SourceRow>(
    'SELECT * FROM feed_sources WHERE enabled = 1 AND session_id IN (SELECT value FROM json_each(?))',
  );
  const insert = db.prepare(
    'INSERT INTO feed_sources (id, session_id, kind, name, config, enabled, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
  );
  const remove = db.prepare('DELETE FROM feed_sources WHERE id = ?');
  // Turning a source on (again) runs a finished command anew.
  const setEnabled = db.prepare(
    'UPDATE feed_sources SET enabled = ?, finished_at = CASE WHEN ? THEN NULL ELSE finished_at END WHERE id = ?',
  );
  const setFinished = db.prepare('UPDATE feed_sources SET finished_at = ? WHERE id = ?');
  const setConfig = db.prepare('UPDATE feed_sources SET config = ? WHERE id = ?');
  const setCursor = db.prepare('UPDATE feed_sources SET cursor = ? WHERE id = ?');

  return {
    list: (sessionId: string) => bySession.all(sessionId),
    get: (id: string) => byId.get(id),
    /** The enabled sources of these sessions. */
    enabledOf: (sessionIds: readonly string[]) =>
      sessionIds.length === 0 ? [] : enabledOf.all(JSON.stringify(sessionIds)),
    /** Added enabled (callers wrap it in a transaction with the credentials). */
    insert(s: {
      id: string;
      sessionId: string;
      kind: OwnSourceKind;
      name: string;
      config: object;
      at: number;
    }) {
      insert.run(s.id, s.sessionId, s.kind, s.name, JSON.stringify(s.config), s.at);
    },
    remove: (id: string) => void remove.run(id),
    setEnabled: (id: string, enabled: boolean) =>
      void setEnabled.run(enabled ? 1 : 0, enabled ? 1 : 0, id),
    finished: (id: string, at: number) => void setFinished.run(Math.round(at), id),
    saveConfig: (id: string, config: object) => void setConfig.run(JSON.stringify(config), id),
    saveCursor: (id: string, from: number) => void setCursor.run(Math.round(from), id),
  };
}
export type SourceRepo = ReturnType<typeof createSourceRepo>;
