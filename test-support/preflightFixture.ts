import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { runFixture } from './runFixture';

export type Fx = Awaited<ReturnType<typeof runFixture>>;

/**
 * For a test file: `flagSession()` and `cleanup(fn)`, everything undone after each test (hosts
 * disposed, stand-ins closed), last first.
 */
export function preflightFixtures() {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    flagSession: () => flagSession(cleanups),
    cleanup: (fn: () => unknown) => void cleanups.push(fn),
  };
}

/** A draft session testing the flag `new-checkout` for the tenant `internal`, Cleo facilitating. */
async function flagSession(cleanups: Array<() => unknown>) {
  const fx = await runFixture();
  cleanups.push(() => fx.host.dispose());
  const { host, sessionId, people } = fx;
  await host.call('sessions.update', {
    id: sessionId,
    patch: { flagKey: 'new-checkout', facilitatorId: people.Cleo! },
  });
  return fx;
}

/** One check of a pre-flight state, by key. */
export const statusOf = (
  state: { result: { checks: Array<{ key: string; status: string; detail: string }> } | null },
  key: string,
) => state.result!.checks.find((c) => c.key === key)!;

/** The host's database files as text (the WAL too), to assert what they never hold. */
export function databaseText(dataDir: string): string {
  return ['ensemble.db', 'ensemble.db-wal']
    .map((name) => path.join(dataDir, name))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('');
}
