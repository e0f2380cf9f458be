import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './host';

/** One OTLP/HTTP JSON request of `count` log records of the internal tenant, each with its own id. */
const otlp = (ids: string[]) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }] },
        scopeLogs: [{ logRecords: ids.map((id) => ({ body: { stringValue: id } })) }],
      },
    ],
  });

const RECORDS_PER_REQUEST = 20;
const REQUEST_EVERY_MS = 40; // 500 events/s

/**
 * Acknowledged means stored: a sender posts at a steady rate while the host is SIGKILLed. Every
 * event answered 2xx is in the store after a restart, and no event is stored twice.
 */
test('SIGKILL during ingest loses no acknowledged event and stores none twice', async () => {
  test.setTimeout(120_000);
  let host: RunningHost = await startHost();
  const { dataDir } = host;
  try {
    const created = await fetch(`${host.origin}/api/sessions.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Kill', tenantId: 'internal' }),
    });
    expect(created.status).toBe(200);

    const acknowledged: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let refused = 0;
    const send = (n: number) => {
      const ids = Array.from({ length: RECORDS_PER_REQUEST }, (_, i) => `event-${n}-${i}`);
      const done = fetch(`${host.ingest}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: otlp(ids),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) acknowledged.push(...ids);
          else refused++;
        })
        .catch(() => void refused++)
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    };
    // Three kills, each at another moment of the stream (the host stores in batches).
    for (const extraMs of [0, 90, 170]) {
      const before = acknowledged.length;
      const timer = setInterval(() => send(sent++), REQUEST_EVERY_MS);
      await expect
        .poll(() => acknowledged.length, { timeout: 30_000 })
        .toBeGreaterThan(before + 400);
      await new Promise((r) => setTimeout(r, extraMs));
      await host.stop('SIGKILL');
      const killedAfter = sent;
      await expect.poll(() => sent, { timeout: 10_000 }).toBeGreaterThan(killedAfter + 3);
      clearInterval(timer);
      await Promise.all([...inFlight]);
      host = await startHost({ dataDir });
    }

    const db = new Database(path.join(dataDir, 'ensemble.db'), { readonly: true });
    const stored = (db.prepare('SELECT message FROM feed_events').pluck().all() as string[]).filter(
      (m) => m.startsWith('event-'),
    );
    db.close();
    const storedSet = new Set(stored);
    const missing = acknowledged.filter((id) => !storedSet.has(id));
    console.log(
      `ingest-kill: ${sent} requests sent (${sent * RECORDS_PER_REQUEST} events), ` +
        `${acknowledged.length} events acknowledged, ${refused} requests refused or cut off, ` +
        `${stored.length} stored, ${missing.length} acknowledged missing, ` +
        `${stored.length - storedSet.size} duplicates`,
    );
    expect(missing).toEqual([]);
    expect(stored.length - storedSet.size).toBe(0);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
