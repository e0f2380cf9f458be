import Database from 'better-sqlite3';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope } from '../../../shared/api/errors';
import type { HostEvent } from '../../../shared/api/events';
import type { ResultOf } from '../../../shared/api/contract';
import type { RunSnapshot } from '../../../shared/domain/run';
import { rawEvent } from '../../../test-support/feedEvents';
import { createTempHost } from '../../../test-support/tempHost';
import { writerBundle } from '../../../test-support/writerBundle';
import { DB_FILENAME } from '../db/database';
import { OverloadedError } from '../feeds/store/pipeline';

const ulid = monotonicFactory();
type NotesApplied = ResultOf<'notes.apply'>;
const caller = { transport: 'test' } as const;
const ROUNDS = 120;

const bundle = writerBundle('contention-test');
beforeAll(bundle.build);
afterAll(bundle.remove);

function storedCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, DB_FILENAME), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM feed_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const tick = () => new Promise<void>((wake) => setImmediate(wake));

describe('commands while the feed writer thread stores at full speed', () => {
  it('none fails, the rotation timer keeps recording turns, and nothing goes unhandled', async () => {
    const logged: unknown[] = [];
    const host = createTempHost(undefined, {
      testClock: true,
      writerScript: bundle.script,
      log: (_message, error) => logged.push(error),
    });
    const hostErrors: HostEvent[] = [];
    host.subscribe((e) => e.event === 'host.error' && hostErrors.push(e));
    const unexpected: unknown[] = [];
    const onUncaught = (error: unknown) => unexpected.push(error);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    try {
      const { session } = await host.call('sessions.create', {
        title: 'Contention',
        rotationMinutes: 1,
        breakEvery: 0,
        autoRotate: true,
        noteWriters: 'everyone',
      });
      const sessionId = session.id;
      const people: string[] = [];
      for (const name of ['Ana', 'Ben', 'Cleo', 'Dev'])
        people.push(
          (await host.call('participants.add', { sessionId, name, function: 'support' })).id,
        );
      await host.call('run.start', { sessionId });

      // The feed: batches of the watched tenant pushed with no pause but a turn of the event loop.
      let ingesting = true;
      const pump = (async () => {
        for (let b = 0; ingesting; b++) {
          try {
            host.feeds.ingest(
              'otlp',
              Array.from({ length: 250 }, (_, i) =>
                rawEvent(Date.now(), `checkout step ${b}-${i} for ana@example.com`),
              ),
            );
          } catch (error) {
            if (!(error instanceof OverloadedError)) throw error;
          }
          await tick();
        }
      })();

      const failed: Array<{ method: string; envelope: ApiEnvelope<unknown> }> = [];
      const send = async (method: string, args: unknown) => {
        const envelope = await host.dispatch(method, args, caller);
        if (!envelope.ok) failed.push({ method, envelope });
        return envelope;
      };
      const noteStatuses: string[] = [];
      const state = async () =>
        ((await send('run.state', { sessionId })) as { result: RunSnapshot }).result;
      for (let round = 0; round < ROUNDS; round++) {
        await send('run.rotate', { sessionId });
        await send('run.pause', { sessionId });
        await send('run.resume', { sessionId });
        await send('run.shuffle', { sessionId });
        const { hostNow } = await state();
        const applied = await send('notes.apply', {
          sessionId,
          ops: [
            {
              opId: ulid(),
              kind: 'note.create',
              at: hostNow,
              note: {
                id: ulid(),
                type: 'observation',
                text: `round ${round}`,
                tags: [],
                authorId: people[round % people.length],
                goalId: null,
              },
            },
          ],
        });
        if (applied.ok)
          noteStatuses.push(...(applied.result as NotesApplied).results.map((r) => r.status));
        if (round % 10 === 0) {
          // Bring the turn's end a few milliseconds close: the rotation timer records it.
          const before = await state();
          const left = before.turn.endsElapsedMs - before.elapsedMs;
          if (left > 20) await send('dev.advanceClock', { ms: left - 20 });
          const turned = async () =>
            unexpected.length > 0 || (await state()).rotationCount > before.rotationCount;
          await expect.poll(turned, { timeout: 60_000 }).toBe(true);
          if (unexpected.length > 0) break; // the timer died: reported below
        }
        await tick();
      }
      ingesting = false;
      await pump;
      await host.feeds.drained();

      expect(unexpected).toEqual([]);
      expect(failed).toEqual([]);
      expect(hostErrors).toEqual([]);
      expect(noteStatuses.filter((s) => s !== 'applied')).toEqual([]);
      expect(logged).toEqual([]);
      // Everything asked for happened: every note, an auto-rotation for each turn brought to its
      // end, and the feed stored on the writer thread meanwhile.
      const { notes, events } = await host.call('notes.timeline', { sessionId });
      expect(notes).toHaveLength(ROUNDS);
      const auto = events.filter(
        (e) => e.type === 'rotation.rotated' && e.payload.reason === 'auto',
      );
      expect(auto.length).toBeGreaterThanOrEqual(ROUNDS / 10);
      expect(host.feeds.threaded()).toBe(true);
      expect(storedCount(host.dataDir)).toBeGreaterThan(0);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      host.dispose();
    }
  }, 600_000);
});
