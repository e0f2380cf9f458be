import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, PROGRAM_ENV, REPO_ROOT } from '../../../test-support/childScript';
import { signedSessions } from '../../../test-support/signedSessions';
import { createTempHost, tempDataDir } from '../../../test-support/tempHost';
import { startWebServer, type WebServer } from '../web/server';
import { EXIT, runCli } from './run';

let host: ReturnType<typeof createTempHost>;
let server: WebServer;
let files: string;
let s: Awaited<ReturnType<typeof signedSessions>>;
let jws: string;
const file = (name: string) => path.join(files, name);

beforeAll(async () => {
  host = createTempHost(undefined, { testClock: 'frozen' });
  s = await signedSessions(host);
  files = tempDataDir('ensemble-verify-');
  jws = (await host.call('exports.render', { sessionId: s.amended, format: 'jws' })).content;
  fs.writeFileSync(file('record.jws'), jws);
  const [header, payload, signature] = jws.split('.');
  const text = new TextDecoder().decode(base64url.decode(payload!));
  const forged = text.replace('"action":"rollback"', '"action":"promote"');
  expect(forged).not.toBe(text);
  fs.writeFileSync(file('forged.jws'), [header, base64url.encode(forged), signature].join('.'));
  fs.writeFileSync(file('garbage.jws'), 'this is not a signed record\n');
  fs.writeFileSync(file('keys.json'), JSON.stringify(await host.call('decision.keys', {})));
  fs.writeFileSync(file('broken-keys.json'), '{"keys": [');
  const other = createTempHost();
  fs.writeFileSync(file('other-keys.json'), JSON.stringify(await other.call('decision.keys', {})));
  other.dispose();
  server = await startWebServer({
    host,
    hostname: '127.0.0.1',
    port: 0,
    token: 'full-token-0123456789abcdefghijklmnop',
    staticDir: null,
  });
});
afterAll(async () => {
  await server?.close();
  host?.dispose();
  fs.rmSync(files, { recursive: true, force: true });
});

async function cli(argv: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    ...(stdin !== undefined && { readStdin: () => Promise.resolve(stdin) }),
  });
  return { code, out, err };
}

describe('ensemble verify', { timeout: 90_000 }, () => {
  it('exits 0 and says who signed which decision, with the data folder’s keys, a file or a URL', async () => {
    for (const keys of [
      ['--data-dir', host.dataDir],
      ['--jwks', file('keys.json')],
      ['--jwks', `http://127.0.0.1:${server.port}/api/keys`],
    ]) {
      const r = await cli(['verify', file('record.jws'), ...keys]);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.out).toContain('Verified: signed by Dana at');
      expect(r.out).toContain('Decision: Roll back to Internal tenant, version 2');
      expect(r.out).toContain(`Session: Amended (${s.amended})`);
    }
    const piped = await cli(['verify', '-', '--jwks', file('keys.json')], jws);
    expect(piped.code, piped.err).toBe(EXIT.ok);
  });

  it('prints the verified record as JSON with --json', async () => {
    const r = await cli(['verify', file('record.jws'), '--jwks', file('keys.json'), '--json']);
    expect(r.code).toBe(EXIT.ok);
    const json = await host.call('exports.render', { sessionId: s.amended, format: 'json' });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(json.content));
  });

  it.each([
    ['a changed record', ['forged.jws', '--jwks', 'keys.json'], 9, 'does not match'],
    ['a key it does not know', ['record.jws', '--jwks', 'other-keys.json'], 10, 'No key'],
    [
      'something that is not a signed record',
      ['garbage.jws', '--jwks', 'keys.json'],
      11,
      'not a JWS',
    ],
    ['keys that are not a JWK Set', ['record.jws', '--jwks', 'broken-keys.json'], 11, 'not JSON'],
    ['a file that is not there', ['missing.jws', '--jwks', 'keys.json'], 1, 'cannot read'],
  ])('refuses %s with its own exit code', async (_what, args, code, message) => {
    const argv = ['verify', ...args.map((a) => (a.startsWith('--') ? a : file(a)))];
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('gives every exit code one meaning', async () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
    expect(EXIT).toMatchObject({ badSignature: 9, unknownKey: 10, malformed: 11 });
    expect((await cli(['verify'])).code).toBe(EXIT.usage);
    expect((await cli(['verify', 'a.jws', 'b.jws'])).code).toBe(EXIT.usage);
    expect((await cli(['sessions', '--jwks', 'keys.json'])).code).toBe(EXIT.usage);
    const nowhere = await cli(['verify', file('record.jws'), '--data-dir', '/nonexistent/place']);
    expect(nowhere).toMatchObject({ code: EXIT.notFound, err: expect.stringContaining('--jwks') });
  });

  it('reads a data folder’s keys without making one', async () => {
    const empty = createTempHost();
    try {
      empty.close();
      const r = await cli(['verify', file('record.jws'), '--data-dir', empty.dataDir]);
      expect(r.code).toBe(EXIT.unknownKey);
      expect(fs.existsSync(path.join(empty.dataDir, 'keys'))).toBe(false);
    } finally {
      empty.dispose();
    }
  });

  it('works as the built command, in a process of its own', () => {
    const program = buildProgram(`import '${path.join(REPO_ROOT, 'electron', 'cli.ts')}';`);
    try {
      const run = (name: string) =>
        spawnSync(
          process.execPath,
          [program.outfile, 'verify', file(name), '--data-dir', host.dataDir],
          {
            env: PROGRAM_ENV,
            encoding: 'utf8',
          },
        );
      const ok = run('record.jws');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('Verified: signed by Dana');
      expect(run('forged.jws').status).toBe(9);
    } finally {
      fs.rmSync(program.dir, { recursive: true, force: true });
    }
  }, 120_000); // bundling the command takes a while on a busy machine
});
