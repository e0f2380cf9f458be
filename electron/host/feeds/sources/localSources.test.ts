import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedSource } from '../../../../shared/domain/feeds';
import { databaseBytes, storedEvents } from '../../../../test-support/feedEvents';
import { runFixture } from '../../../../test-support/runFixture';
import { createTempHost } from '../../../../test-support/tempHost';
import { DB_FILENAME } from '../../db/database';

let fx: Awaited<ReturnType<typeof runFixture>>;
const dirs: string[] = [];
afterEach(() => {
  fx.host.dispose();
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-local-'));
  dirs.push(dir);
  return dir;
};
const waitFor = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const node = (file: string) => `"${process.execPath}" "${file}"`;
const sourceNamed = async (name: string): Promise<FeedSource> =>
  (await fx.host.call('sources.list', { sessionId: fx.sessionId })).find((s) => s.name === name)!;
/** Stored messages, through the API (which flushes the pipeline first). */
const messages = async () =>
  (await fx.host.call('feeds.query', { sessionId: fx.sessionId, limit: 500 })).events
    .map((e) => e.message)
    .sort();
const indexed = (word: string) => {
  const db = new Database(path.join(fx.host.dataDir, DB_FILENAME), { readonly: true });
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM feed_fts WHERE feed_fts MATCH ?').get(word) as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
};

/** Lines naming their tenant under several keys and in logfmt, and lines naming none. */
const MIXED = [
  JSON.stringify({ level: 'error', msg: 'keepjson checkout failed', tenant: 'internal' }),
  JSON.stringify({ level: 'info', msg: 'leakjson acme order', tenant: 'acme' }),
  JSON.stringify({ level: 'info', msg: 'keepid coupon applied', tenantId: 'internal' }),
  JSON.stringify({ level: 'warn', msg: 'leakid globex refund', tenantId: 'globex' }),
  'level=error msg="keeplogfmt payment \\"declined\\"" tenant=internal',
  'level=info msg="leaklogfmt initech" tenant=initech',
  JSON.stringify({ level: 'info', msg: 'leaknone no tenant at all' }),
  'leakplain plain text naming nobody',
];
const KEPT = ['keepjson', 'keepid', 'keeplogfmt'];
const LEAKED = ['leakjson', 'leakid', 'leaklogfmt', 'leaknone', 'leakplain'];

describe('tenant safety of commands and files', () => {
  it('store only the lines naming the session’s tenant, once, and count what they drop', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const dir = tempDir();
    const finite = path.join(dir, 'app.log');
    fs.writeFileSync(finite, MIXED.join('\n') + '\n');
    const followed = path.join(dir, 'followed.log');
    fs.writeFileSync(followed, '');
    await host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'cat', command: `cat "${finite}"` },
    });
    await host.call('sources.add', {
      sessionId,
      source: { kind: 'file', name: 'tail', path: followed },
    });
    await host.call('run.start', { sessionId });
    fs.appendFileSync(
      followed,
      MIXED.map((l) => l.replace(/(keep|leak)/, '$1file')).join('\n') + '\n',
    );

    await waitFor(async () => (await sourceNamed('cat')).status === 'finished');
    await waitFor(async () => (await sourceNamed('tail')).lines!.read === MIXED.length);
    const counts = { read: 8, stored: 3, otherTenant: 3, noTenant: 2, repeated: 0 };
    expect(await sourceNamed('cat')).toMatchObject({ tenancy: 'multi', lines: counts });
    expect(await sourceNamed('tail')).toMatchObject({ tenancy: 'multi', lines: counts });

    const stored = await messages();
    expect(stored).toHaveLength(6);
    for (const word of KEPT) {
      expect(stored.filter((m) => m.includes(word))).toHaveLength(1);
      expect(stored.filter((m) => m.includes(word.replace('keep', 'keepfile')))).toHaveLength(1);
    }
    expect(storedEvents(host.dataDir).every((e) => e.tenant === 'internal')).toBe(true);
    const bytes = databaseBytes(host.dataDir).toString('latin1');
    for (const word of LEAKED) {
      expect(bytes).not.toContain(word);
      expect(bytes).not.toContain(word.replace('leak', 'leakfile'));
      expect(indexed(word)).toBe(0);
    }
    expect(indexed('keepjson')).toBe(1);
    // The finished command is not run again: nothing more arrives.
    expect((await sourceNamed('cat')).detail).toMatch(/Finished/);
  });

  it('warn when no line names a tenant, and take them as the tenant’s once declared single-tenant', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const dir = tempDir();
    const script = path.join(dir, 'scoped.js');
    fs.writeFileSync(
      script,
      `let n = 0; setInterval(() => console.log('scopedline ' + n++), 100);`,
    );
    const added = await host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'kubectl', command: node(script) },
    });
    expect(added.warning).toBeNull();
    await host.call('run.start', { sessionId });
    await waitFor(async () => (await sourceNamed('kubectl')).lines!.noTenant >= 3);
    expect((await sourceNamed('kubectl')).warning).toMatch(
      /none names a tenant.*switch to single-tenant if this command only reads the internal tenant/,
    );
    expect(await messages()).toEqual([]);

    const single = await host.call('sources.setTenancy', { id: added.id, tenancy: 'single' });
    expect(single).toMatchObject({ tenancy: 'single', warning: null });
    await waitFor(async () => (await messages()).length >= 2);
    expect((await messages()).every((m) => m.startsWith('scopedline'))).toBe(true);

    const remote = await host.dispatch(
      'sources.setTenancy',
      { id: added.id, tenancy: 'multi' },
      { transport: 'web', remote: true },
    );
    expect(remote).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('announce a warning that goes away while the status stays the same', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const dir = tempDir();
    const script = path.join(dir, 'late.js');
    const go = path.join(dir, 'go');
    // Lines naming no tenant until the test says so, then lines naming the internal tenant.
    fs.writeFileSync(
      script,
      `const fs = require('fs'); let n = 0;
       setInterval(() => console.log(fs.existsSync(${JSON.stringify(go)})
         ? JSON.stringify({ msg: 'named ' + n++, tenant: 'internal' }) : 'unnamed ' + n++), 100);`,
    );
    await host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'late', command: node(script) },
    });
    let announced = 0;
    host.subscribe((e) => void (e.event === 'feeds.sourcesChanged' && announced++));
    await host.call('run.start', { sessionId });
    await waitFor(async () => (await sourceNamed('late')).warning !== null);
    await new Promise((r) => setTimeout(r, 1200)); // any announcement of the status is made
    const before = announced;
    fs.writeFileSync(go, '');
    await waitFor(async () => (await sourceNamed('late')).warning === null);
    expect((await sourceNamed('late')).status).toBe('connected');
    // Screens are told, not left showing the warning until their next periodic refresh.
    await waitFor(() => announced > before, 3_000);
  });

  it('store no line twice when a command is run again and prints the same lines', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const start = await host.call('run.state', { sessionId });
    const dir = tempDir();
    // Like kubectl logs --since=1h --timestamps: each run prints everything so far, then a
    // line of its own; one exits with 0 (restart when it exits), the other fails.
    const script = (name: string, code: number) => {
      const file = path.join(dir, `${name}.js`);
      const runs = path.join(dir, `${name}.runs`);
      fs.writeFileSync(
        file,
        `const fs = require('fs');
         const run = fs.existsSync(${JSON.stringify(runs)}) ? Number(fs.readFileSync(${JSON.stringify(runs)}, 'utf8')) + 1 : 1;
         fs.writeFileSync(${JSON.stringify(runs)}, String(run));
         for (let i = 1; i <= run; i++) {
           const t = new Date(${start.hostNow} - 60000 + i * 1000).toISOString();
           console.log(t + ' ' + JSON.stringify({ msg: '${name} line ' + i, tenant: 'internal' }));
           console.log(t + ' ' + JSON.stringify({ msg: '${name} heartbeat', tenant: 'internal' }));
         }
         process.exit(${code});`,
      );
      return { command: node(file), runs };
    };
    const ok = script('since', 0);
    const failing = script('failing', 1);
    await host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'since', command: ok.command, restartOnExit: true },
    });
    await host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'failing', command: failing.command },
    });
    await host.call('run.start', { sessionId });
    const runsOf = (file: string) =>
      fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
    await waitFor(() => runsOf(ok.runs) >= 3 && runsOf(failing.runs) >= 3);
    await waitFor(async () => (await sourceNamed('failing')).lines!.stored >= 6);
    await waitFor(async () => (await sourceNamed('since')).lines!.stored >= 6);
    const seen = Math.min(runsOf(ok.runs), runsOf(failing.runs));

    const stored = await messages();
    for (const name of ['since', 'failing']) {
      const lines = stored.filter((m) => m.startsWith(`${name} line`));
      expect(lines).toEqual([...new Set(lines)]); // none twice
      expect(lines.length).toBeGreaterThanOrEqual(seen);
      // Each run's heartbeat is a line of its own time: stored once per time, never again.
      const beats = storedEvents(host.dataDir).filter((e) => e.message === `${name} heartbeat`);
      expect(new Set(beats.map((e) => e.time)).size).toBe(beats.length);
      expect((await sourceNamed(name)).lines!.repeated).toBeGreaterThan(0);
    }
  });

  it('store no line twice when the host starts again and runs the command anew', async () => {
    fx = await runFixture();
    const { sessionId } = fx;
    const start = await fx.host.call('run.state', { sessionId });
    const dir = tempDir();
    const file = path.join(dir, 'since.js');
    const runs = path.join(dir, 'since.runs');
    // Like kubectl logs -f --since=1h --timestamps: each run prints the hour so far (one more
    // line each time), then keeps following (it never exits).
    fs.writeFileSync(
      file,
      `const fs = require('fs');
       const run = fs.existsSync(${JSON.stringify(runs)}) ? Number(fs.readFileSync(${JSON.stringify(runs)}, 'utf8')) + 1 : 1;
       fs.writeFileSync(${JSON.stringify(runs)}, String(run));
       for (let i = 1; i <= run + 2; i++) {
         const t = new Date(${start.hostNow} - 60000 + i * 1000).toISOString();
         console.log(t + ' ' + JSON.stringify({ msg: 'follow line ' + i, tenant: 'internal' }));
       }
       setInterval(() => {}, 60000);`,
    );
    await fx.host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'follow', command: node(file) },
    });
    await fx.host.call('run.start', { sessionId });
    await waitFor(async () => (await sourceNamed('follow')).lines!.stored === 3);
    fx.host.close();

    fx = { ...fx, host: createTempHost(fx.host.dataDir) };
    await waitFor(async () => (await messages()).includes('follow line 4'));
    expect(await messages()).toEqual([1, 2, 3, 4].map((i) => `follow line ${i}`));
    expect((await sourceNamed('follow')).lines).toMatchObject({ stored: 1, repeated: 3 });
  });

  it('make commands and files added before tenancy existed multi-tenant', async () => {
    fx = await runFixture();
    const { sessionId } = fx;
    await fx.host.call('sources.add', {
      sessionId,
      source: { kind: 'command', name: 'old', command: 'kubectl logs -f -l tenant=internal' },
    });
    await fx.host.call('sources.add', {
      sessionId,
      source: { kind: 'file', name: 'f', path: '/x' },
    });
    fx.host.close();
    // The database as version 7 left it.
    const db = new Database(path.join(fx.host.dataDir, DB_FILENAME));
    db.exec(`UPDATE feed_sources SET config = json_remove(config, '$.tenancy', '$.restartOnExit');
      ALTER TABLE feed_sources DROP COLUMN finished_at;
      DROP TABLE feed_batches;
      DROP TABLE preflights;
      DROP TABLE personal_links;
      DROP TABLE feed_minutes;
      DROP TABLE decision_signatures;
      DROP TABLE signing_keys;
      DROP TABLE feed_group_minutes;
      DELETE FROM schema_migrations WHERE version >= 8;`);
    db.close();
    fx = { ...fx, host: createTempHost(fx.host.dataDir) };
    expect(await fx.host.call('sources.list', { sessionId })).toMatchObject([
      { name: 'old', tenancy: 'multi', restartOnExit: false, status: 'off' },
      { name: 'f', tenancy: 'multi' },
    ]);
  });
});
