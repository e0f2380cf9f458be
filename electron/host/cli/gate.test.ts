import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, PROGRAM_ENV, REPO_ROOT } from '../../../test-support/childScript';
import { signedSessions } from '../../../test-support/signedSessions';
import { createTempHost, tempDataDir } from '../../../test-support/tempHost';
import { DB_FILENAME, openDatabase, schemaVersion } from '../db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../db/migrations';
import { EXIT } from './run';

/** The real `ensemble` entry, built once, run as a child process per command. */
let program: ReturnType<typeof buildProgram>;
let dataDir: string;
let s: Awaited<ReturnType<typeof signedSessions>>;
const NOBODY = 65534;

beforeAll(async () => {
  program = buildProgram(`import '${path.join(REPO_ROOT, 'electron', 'cli.ts')}';`);
  dataDir = tempDataDir('ensemble-cli-');
  const host = createTempHost(dataDir, { testClock: 'frozen' });
  s = await signedSessions(host);
  host.close();
});
afterAll(() => {
  fs.rmSync(program.dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function ensemble(args: string[], options: { uid?: number } = {}) {
  const r = spawnSync(process.execPath, [program.outfile, ...args], {
    env: PROGRAM_ENV,
    encoding: 'utf8',
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const decision = (session: string, ...more: string[]) =>
  ensemble(['decision', '--data-dir', dataDir, '--session', session, ...more]);

/** Every file of a folder with its bytes' hash: what "nothing changed" means. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [
        f,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );
}

// Each test runs the built CLI as a child process; on a loaded 2-core machine one run has taken
// over 20 s (the suite's default timeout).
describe('ensemble decision as a pipeline gate (a real child process)', { timeout: 90_000 }, () => {
  it.each([
    ['draft', [], EXIT.draft],
    ['hold', [], EXIT.hold],
    ['rollback', [], EXIT.rollback],
    ['amended', ['--expect-stage', '10'], EXIT.rollback],
    ['promote1', ['--expect-stage', '10'], EXIT.belowStage],
    ['promote1', [], EXIT.ok],
    ['promote10', ['--expect-stage', '10'], EXIT.ok],
    ['promote50', ['--expect-stage', '10'], EXIT.ok],
  ] as const)('%s %j exits %i', (key, more, code) => {
    const r = decision(s[key], ...more);
    expect(r.code, r.err).toBe(code);
  });

  it('gives each failure its own code and says why', () => {
    const codes = new Set(Object.values(EXIT));
    expect(codes.size).toBe(Object.keys(EXIT).length);
    expect(decision(s.draft)).toMatchObject({ code: 5, err: expect.stringContaining('no signed') });
    expect(decision(s.promote1, '--expect-stage', '10').err).toContain('before stage 10');
    expect(decision(s.promote10, '--expect-stage', '20')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('20 is not one of the session'),
    });
    expect(decision('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toMatchObject({ code: EXIT.notFound });
    expect(ensemble(['sessions', '--data-dir', '/nonexistent/place'])).toMatchObject({
      code: EXIT.notFound,
      err: expect.stringContaining('no Ensemble data in /nonexistent/place'),
    });
    expect(ensemble(['sessions', '--expect-stage', '10']).code).toBe(EXIT.usage);
  }, 180_000); // six runs of the CLI, one after another

  it('prints the decision record schema', () => {
    const r = ensemble(['schema']);
    expect(r.code).toBe(EXIT.ok);
    const file = fs.readFileSync(path.join(REPO_ROOT, 'shared/schema/decision-record.v1.json'));
    expect(JSON.parse(r.out)).toEqual(JSON.parse(file.toString('utf8')));
  });

  it('reads a read-only copy of the data folder, as another user, and changes nothing', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-ro-'));
    fs.chmodSync(parent, 0o755);
    const copy = path.join(parent, 'data');
    fs.cpSync(dataDir, copy, { recursive: true });
    for (const f of fs.readdirSync(copy)) fs.chmodSync(path.join(copy, f), 0o444);
    fs.chmodSync(copy, 0o555);
    const before = fingerprint(copy);
    try {
      const r = ensemble(
        ['decision', '--data-dir', copy, '--session', s.promote10, '--expect-stage', '10'],
        { uid: NOBODY },
      );
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.out).toContain('Promote to 10 %');
      expect(fingerprint(copy)).toEqual(before);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses a data folder of an older version with its own code, and migrates nothing', () => {
    const old = tempDataDir('ensemble-old-');
    try {
      openDatabase(old, { migrations: MIGRATIONS.slice(0, -1) }).close();
      const before = fingerprint(old);
      const r = ensemble(['sessions', '--data-dir', old]);
      expect(r.code).toBe(EXIT.otherVersion);
      expect(r.err).toContain('older Ensemble');
      // The store's bytes are as they were; SQLite may leave its empty journal beside it.
      const after = fingerprint(old);
      expect(after[DB_FILENAME]).toBe(before[DB_FILENAME]);
      for (const f of Object.keys(after).filter((name) => !(name in before))) {
        expect([`${DB_FILENAME}-wal`, `${DB_FILENAME}-shm`]).toContain(f);
        if (f.endsWith('-wal')) expect(fs.statSync(path.join(old, f)).size).toBe(0);
      }
      const db = new Database(path.join(old, DB_FILENAME), { readonly: true });
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION - 1);
      db.close();
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
