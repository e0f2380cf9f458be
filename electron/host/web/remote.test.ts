import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runFixture } from '../../../test-support/runFixture';
import { tempDataDir } from '../../../test-support/tempHost';
import { tokenOf, withLinks } from '../../../test-support/linksFixture';
import { startWebServer, type WebServer } from './server';
import { shareOrigin } from './share';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
const PIPELINE = `ens_ro_${'p'.repeat(32)}`;
let fx: Awaited<ReturnType<typeof withLinks>> | undefined;
let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  fx?.host.dispose();
});

/** This machine's first address that is not loopback: "another machine" as the host sees it. */
const outside = Object.values(os.networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => !i.internal && i.family === 'IPv4')?.address;

async function serve(options: { hostname: string; tls?: { cert: Buffer; key: Buffer } }) {
  fx = await withLinks(await runFixture());
  server = await startWebServer({
    host: fx.host,
    port: 0,
    token: TOKEN,
    pipelineToken: PIPELINE,
    staticDir: null,
    ...options,
  });
  return server;
}

if (!outside)
  console.warn(
    'remote.test.ts: no address but loopback on this machine; the remote test is skipped',
  );

describe('web mode reached from another address (--allow-remote)', () => {
  it.skipIf(!outside)(
    'answers personal links and the pipeline token, refuses the host’s own token',
    async () => {
      const { port } = await serve({ hostname: '0.0.0.0' });
      const base = `http://${outside}:${port}`;
      const state = (token: string) =>
        fetch(`${base}/api/run.state`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: JSON.stringify({ sessionId: fx!.sessionId }),
        });
      const full = await state(TOKEN);
      expect(full.status).toBe(403);
      expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(
        /works only on the machine running Ensemble/,
      );
      expect((await state(fx!.tokens.Ben!)).status).toBe(200);
      const gate = await fetch(
        `${base}/api/sessions/${fx!.sessionId}/gate?expect=promote&stage=10`,
        { headers: { Authorization: `Bearer ${PIPELINE}` } },
      );
      expect(gate.status).toBe(425); // not signed yet: the pipeline token still works from afar
      // The same full token from this machine's loopback address works.
      const local = await fetch(`http://127.0.0.1:${port}/api/run.state`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ sessionId: fx!.sessionId }),
      });
      expect(local.status).toBe(200);
    },
  );

  it('serves HTTPS and WSS with the user’s certificate', async () => {
    const dir = tempDataDir('ensemble-tls-');
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
    const started = await serve({ hostname: '127.0.0.1', tls });
    expect(started.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const health = await new Promise<number>((resolve, reject) =>
      https
        .get(`https://127.0.0.1:${started.port}/api/health`, { ca: tls.cert }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on('error', reject),
    );
    expect(health).toBe(200);
    // A client that does not trust the certificate is not served.
    await expect(
      new Promise((resolve, reject) =>
        https.get(`https://127.0.0.1:${started.port}/api/health`, resolve).on('error', reject),
      ),
    ).rejects.toThrow(/self[- ]signed/);
    const ws = new WebSocket(`wss://127.0.0.1:${started.port}/api/events?token=${fx!.tokens.Ben}`, {
      ca: tls.cert,
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the address personal links point at', () => {
  const nics = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '192.0.2.7', family: 'IPv4', internal: false },
    ],
  } as unknown as ReturnType<typeof os.networkInterfaces>;
  it('is the bound address, this machine’s address when bound to all, or the one given', () => {
    const at = (hostname: string, shareUrl: string | null = null, tls = false) =>
      shareOrigin({ hostname, port: 5178, tls, shareUrl }, nics);
    expect(at('127.0.0.1')).toEqual({ origin: 'http://127.0.0.1:5178', remote: false });
    expect(at('0.0.0.0', null, true)).toEqual({ origin: 'https://192.0.2.7:5178', remote: true });
    expect(at('10.1.2.3')).toEqual({ origin: 'http://10.1.2.3:5178', remote: true });
    expect(at('::', 'https://ensemble.example')).toEqual({
      origin: 'https://ensemble.example',
      remote: true,
    });
    expect(tokenOf('http://h:1/#/join?t=ens_p_abc')).toBe('ens_p_abc');
  });
});
