import type { LocalSource, LocalSourceInput } from '../../../../shared/domain/feeds';
import type { Db } from '../../db/database';
import { newId } from '../../db/ids';
import type { FeedPipeline } from '../pipeline';
import { OverloadedError } from '../pipeline';
import { parseFeedSettings } from '../settings';
import { parseLogLine } from './parseLine';
import { runCommand, tailFile, type Runner, type SourceState } from './runners';

type Row = {
  id: string;
  session_id: string;
  kind: 'command' | 'file';
  name: string;
  config: string;
  enabled: number;
};

/**
 * The local sources of live sessions: started when a session runs, stopped when it ends (and
 * when the host stops). Lines carrying a tenant must be the session's; lines without one are
 * taken as the session's tenant, the command or file being scoped to it by whoever set it up.
 */
export function createLocalSources(db: Db, pipeline: FeedPipeline, now: () => number) {
  const runners = new Map<string, Runner>();
  const list = db.prepare<[string], Row>(
    "SELECT * FROM feed_sources WHERE session_id = ? AND kind IN ('command', 'file') ORDER BY created_at",
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM feed_sources WHERE id = ?');
  const live = db.prepare<[], Row & { tenant_id: string; feed_settings: string }>(
    `SELECT f.*, s.tenant_id, s.feed_settings FROM feed_sources f JOIN sessions s ON s.id = f.session_id
     WHERE f.enabled = 1 AND f.kind IN ('command', 'file') AND s.status IN ('running', 'paused')`,
  );
  const target = (r: Row) => {
    const c = JSON.parse(r.config) as { command?: string; path?: string };
    return r.kind === 'command' ? (c.command ?? '') : (c.path ?? '');
  };
  const view = (r: Row): LocalSource => {
    const s: SourceState = runners.get(r.id)?.state() ?? {
      status: 'off',
      detail: r.enabled ? 'Starts when the session runs' : 'Disabled',
      lastLineAt: null,
    };
    return {
      id: r.id,
      sessionId: r.session_id,
      kind: r.kind,
      name: r.name,
      target: target(r),
      enabled: r.enabled === 1,
      ...s,
    };
  };

  function sync() {
    const wanted = new Map(live.all().map((r) => [r.id, r]));
    for (const [id, runner] of runners) {
      if (!wanted.has(id)) {
        runner.stop();
        runners.delete(id);
      }
    }
    for (const [id, r] of wanted) {
      if (runners.has(id)) continue;
      const settings = parseFeedSettings(r.feed_settings);
      const kind = r.kind;
      const onLine = (line: string) => {
        const event = parseLogLine(line, now(), kind);
        if (!event) return;
        if (event.attributes[settings.tenantKey] === undefined)
          event.attributes[settings.tenantKey] = r.tenant_id;
        try {
          pipeline.ingest(kind, [event]);
        } catch (error) {
          if (!(error instanceof OverloadedError)) throw error;
        }
      };
      runners.set(
        id,
        kind === 'command' ? runCommand(target(r), onLine) : tailFile(target(r), onLine),
      );
    }
  }

  return {
    sync,
    list: (sessionId: string) => list.all(sessionId).map(view),
    get: (id: string) => {
      const r = byId.get(id);
      return r && view(r);
    },
    add(sessionId: string, input: LocalSourceInput): LocalSource {
      const id = newId();
      const config = input.kind === 'command' ? { command: input.command } : { path: input.path };
      db.prepare(
        'INSERT INTO feed_sources (id, session_id, kind, name, config, enabled, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
      ).run(id, sessionId, input.kind, input.name, JSON.stringify(config), now());
      sync();
      return view(byId.get(id)!);
    },
    remove(id: string) {
      db.prepare('DELETE FROM feed_sources WHERE id = ?').run(id);
      sync();
    },
    setEnabled(id: string, enabled: boolean) {
      db.prepare('UPDATE feed_sources SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id);
      sync();
    },
    stop() {
      for (const r of runners.values()) r.stop();
      runners.clear();
    },
  };
}
export type LocalSources = ReturnType<typeof createLocalSources>;
