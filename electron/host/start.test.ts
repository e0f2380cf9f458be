import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startedHostsCleanedUp } from '../../test-support/startedHosts';
import { DB_FILENAME, DatabaseTooOldError, openDatabase, schemaVersion } from './db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './db/migrations';
import { CREDENTIALS_FILE } from './secrets/store';
import { startHost } from './start';
import { startWebServer } from './web/server';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
const { hosts, dataDir } = startedHostsCleanedUp();
const quiet = { log: () => {} };

/** What reached the store, read afresh after the host is gone. */
function stored(dir: string) {
  const db = new Database(path.join(dir, DB_FILENAME), { readonly: true });
  try {
    const messages = db.prepare('SELECT message FROM feed_events').pluck().all() as string[];
    const titles = db.prepare('SELECT title FROM sessions').pluck().all() as string[];
    return { messages: new Set(messages), titles: new Set(titles) };
  } finally {
    db.close();
  }
}

const otlp = (message: string) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }] },
        scopeLogs: [
          { logRecords: [{ timeUnixNano: `${Date.now()}000000`, body: { stringValue: message } }] },
        ],
      },
    ],
  });

describe('startHost: one start-up for every mode, closed in the order that loses nothing', () => {
  for (const mode of ['web', 'desktop'] as const) {
    it(`${mode}: requests arriving during shutdown are answered or refused, and what was answered is stored`, async () => {
      const dir = dataDir();
      const host = await startHost({
        dataDir: dir,
        mode,
        ingest: { hostname: '127.0.0.1', port: 0 },
        ...quiet,
      });
      expect(host.ingest).not.toBeNull();
      expect(host.info.ingestUrl).toBe(host.ingest!.url);
      const server = await startWebServer({
        host,
        hostname: '127.0.0.1',
        port: 0,
        token: TOKEN,
        staticDir: null,
      });
      host.attach(server);
      await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
      const failures: unknown[] = [];
      const onUnhandled = (error: unknown) => failures.push(error);
      process.on('unhandledRejection', onUnhandled);

      const acknowledged = { messages: [] as string[], titles: [] as string[] };
      const statuses = new Set<number>();
      let next = 0;
      let closed = false;
      // Eight clients keep writing through the receivers and the API until the ports refuse them.
      const client = async () => {
        for (;;) {
          const i = next++;
          const viaIngest = i % 2 === 0;
          try {
            const res = viaIngest
              ? await fetch(`${host.ingest!.url}/v1/logs`, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: otlp(`event ${i}`),
                })
              : await fetch(`http://127.0.0.1:${server.port}/api/sessions.create`, {
                  method: 'POST',
                  headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
                  body: JSON.stringify({ title: `session ${i}`, tenantId: 'internal' }),
                });
            statuses.add(res.status);
            await res.arrayBuffer();
            if (res.status === 200)
              (viaIngest ? acknowledged.messages : acknowledged.titles).push(
                viaIngest ? `event ${i}` : `session ${i}`,
              );
          } catch {
            // Refused or cut off: not acknowledged, so nothing is owed. Once closed, stop.
            if (closed) return;
          }
        }
      };
      const clients = Array.from({ length: 8 }, client);
      // Close while requests keep arriving, once each way has had one answered (a fixed 150 ms
      // answered none on a loaded machine).
      await expect
        .poll(() => acknowledged.messages.length > 0 && acknowledged.titles.length > 0, {
          timeout: 30_000,
        })
        .toBe(true);
      await host.close();
      closed = true;
      await Promise.all(clients);
      process.off('unhandledRejection', onUnhandled);

      expect(failures).toEqual([]);
      // Answered, or refused as "shutting down" — never an internal error from a closed store.
      for (const status of statuses) expect([200, 503]).toContain(status);
      expect(acknowledged.messages.length).toBeGreaterThan(0);
      expect(acknowledged.titles.length).toBeGreaterThan(0);
      const after = stored(dir);
      expect(acknowledged.messages.filter((m) => !after.messages.has(m))).toEqual([]);
      expect(acknowledged.titles.filter((t) => !after.titles.has(t))).toEqual([]);
      // Closed for good: the receivers and the API no longer listen, and no call reaches the store.
      await expect(fetch(`${host.ingest!.url}/v1/logs`, { method: 'POST' })).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
      const late = await host.dispatch('sessions.list', {}, { transport: 'test' });
      expect(late).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }, 90_000);
  }

  it('reports a receiver port in use instead of failing the start, and still serves', async () => {
    const first = await startHost({
      dataDir: dataDir(),
      mode: 'web',
      ingest: { hostname: '127.0.0.1', port: 0 },
      ...quiet,
    });
    hosts.push(first);
    const second = await startHost({
      dataDir: dataDir(),
      mode: 'web',
      ingest: { hostname: '127.0.0.1', port: first.ingest!.port },
      ...quiet,
    });
    hosts.push(second);
    expect(second.ingest).toBeNull();
    expect(second.ingestError?.code).toBe('EADDRINUSE');
    expect(second.info.ingestUrl).toBeNull();
    expect(await second.call('sessions.list', {})).toEqual([]);
  });

  it('cli: reads the store as it is: no migration, no writes, no receivers, credentials untouched', async () => {
    const dir = dataDir();
    const app = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
    await app.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
    await app.close();
    // A credential whose source is gone: the app sweeps such entries at start, the CLI must not.
    const credentials = JSON.stringify({
      version: 2,
      entries: { 'source:gone': { sealedWith: null, value: 'e30=' } },
    });
    fs.writeFileSync(path.join(dir, CREDENTIALS_FILE), credentials, { mode: 0o600 });
    const before = fs.readFileSync(path.join(dir, DB_FILENAME));

    const cli = await startHost({
      dataDir: dir,
      mode: 'cli',
      ingest: { hostname: '127.0.0.1', port: 0 },
      ...quiet,
    });
    hosts.push(cli);
    expect(cli.ingest).toBeNull();
    expect((await cli.call('sessions.list', {})).map((s) => s.title)).toEqual(['Checkout']);
    const write = await cli.dispatch('sessions.create', { title: 'Nope' }, { transport: 'cli' });
    expect(write.ok).toBe(false);
    await cli.close();

    expect(fs.readFileSync(path.join(dir, DB_FILENAME)).equals(before)).toBe(true);
    expect(fs.readFileSync(path.join(dir, CREDENTIALS_FILE), 'utf8')).toBe(credentials);
    expect([...stored(dir).titles]).toEqual(['Checkout']);
  });

  it('cli: refuses a store written by an older version rather than migrate it', async () => {
    const dir = dataDir();
    openDatabase(dir, { migrations: MIGRATIONS.slice(0, -1) }).close();
    await expect(startHost({ dataDir: dir, mode: 'cli', ingest: null })).rejects.toBeInstanceOf(
      DatabaseTooOldError,
    );
    const db = new Database(path.join(dir, DB_FILENAME), { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION - 1);
    db.close();
  });

  it('cli: says so when there is no store at all, and creates none', async () => {
    const dir = dataDir();
    await expect(startHost({ dataDir: dir, mode: 'cli', ingest: null })).rejects.toThrow();
    expect(fs.existsSync(path.join(dir, DB_FILENAME))).toBe(false);
  });
});
