import type { Db } from '../db/database';

export type ScreenshotRecord = {
  hash: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  createdAt: number;
};

export function createScreenshotRepo(db: Db) {
  const get = db.prepare<
    [string, string],
    { hash: string; mime: string; bytes: number; width: number; height: number; created_at: number }
  >('SELECT * FROM screenshots WHERE session_id = ? AND hash = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO screenshots (session_id, hash, mime, bytes, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    has: (sessionId: string, hash: string) => get.get(sessionId, hash) !== undefined,
    get(sessionId: string, hash: string): ScreenshotRecord | undefined {
      const r = get.get(sessionId, hash);
      return (
        r && {
          hash: r.hash,
          mime: r.mime,
          bytes: r.bytes,
          width: r.width,
          height: r.height,
          createdAt: r.created_at,
        }
      );
    },
    insert: (sessionId: string, s: ScreenshotRecord) =>
      insert.run(sessionId, s.hash, s.mime, s.bytes, s.width, s.height, s.createdAt),
  };
}
