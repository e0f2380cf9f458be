import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test-support/childScript';
import { createTempHost } from '../../../test-support/tempHost';
import { startWebServer, type WebServer } from './server';

const FULL = 'full-token-0123456789abcdefghijklmnop';
const PIPELINE = 'ens_ro_pipeline-0123456789abcdefghijklmn';
const VERIFIER = path.join(REPO_ROOT, 'test-support', 'verifyWithFastJwt.mjs');
let host: ReturnType<typeof createTempHost>;
let server: WebServer;
let base: string;
let signedId: string;
let draftId: string;
let danaId: string;

/** A session ended and signed by its product owner Dana, and one never signed. */
beforeAll(async () => {
  host = createTempHost(undefined, { testClock: 'frozen' });
  const ended = async (title: string) => {
    const { session } = await host.call('sessions.create', { title });
    const dana = await host.call('participants.add', {
      sessionId: session.id,
      name: 'Dana',
      function: 'product',
    });
    await host.call('participants.add', {
      sessionId: session.id,
      name: 'Eli',
      function: 'support',
    });
    await host.call('sessions.update', { id: session.id, patch: { productOwnerId: dana.id } });
    await host.call('run.start', { sessionId: session.id });
    await host.call('run.end', { sessionId: session.id });
    return { sessionId: session.id, danaId: dana.id };
  };
  ({ sessionId: signedId, danaId } = await ended('Checkout'));
  ({ sessionId: draftId } = await ended('Not yet'));
  await host.call('decision.sign', {
    sessionId: signedId,
    amends: null,
    decision: {
      action: 'promote',
      toStage: '10',
      rationale: 'Clean run',
      conditions: [],
      approverName: 'Dana',
      approverId: danaId,
    },
  });
  server = await startWebServer({
    host,
    hostname: '127.0.0.1',
    port: 0,
    token: FULL,
    pipelineToken: PIPELINE,
    staticDir: null,
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  host?.dispose();
});

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const signedUrl = (sessionId: string) => `${base}/api/sessions/${sessionId}/decision.jws`;

/** fast-jwt, in a process of its own, verifying a JWS file against the served JWKS. */
function fastJwt(jws: string): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(host.dataDir, `check-${Math.random().toString(36).slice(2)}.jws`);
  fs.writeFileSync(file, jws);
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, `${base}/api/keys`, file], (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

describe('signed records and keys over HTTP', () => {
  it('serves the public keys as a JWK Set without a token', async () => {
    const res = await fetch(`${base}/api/keys`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwk-set+json');
    const jwks = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect((await fetch(`${base}/api/keys`, { method: 'POST' })).status).toBe(405);
  });

  it('serves the signed record to the pipeline token, the same bytes as the export; 404 until signed', async () => {
    const res = await fetch(signedUrl(signedId), bearer(PIPELINE));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jose');
    const jws = await res.text();
    const exported = await host.call('exports.render', { sessionId: signedId, format: 'jws' });
    expect(jws).toBe(exported.content);
    expect((await fetch(signedUrl(signedId))).status).toBe(401);
    const draft = await fetch(signedUrl(draftId), bearer(FULL));
    expect(draft.status).toBe(404);
    expect(await draft.json()).toMatchObject({
      error: { message: expect.stringContaining('No decision is signed') },
    });
  });

  it('verifies with the served JWKS in another process and another JOSE library (fast-jwt)', async () => {
    const jws = await (await fetch(signedUrl(signedId), bearer(PIPELINE))).text();
    const ok = await fastJwt(jws);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({
      signer: { id: danaId, name: 'Dana' },
      session: signedId,
      action: 'promote',
      toStage: '10',
      version: 1,
    });

    // One byte of the record changed ("10" → "50"), the signature kept: refused.
    const [header, payload, signature] = jws.split('.');
    const text = new TextDecoder().decode(base64url.decode(payload!));
    const changed = text.replace('"toStage":"10"', '"toStage":"50"');
    expect(changed).not.toBe(text);
    const forged = [header, base64url.encode(changed), signature].join('.');
    const refused = await fastJwt(forged);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not verified/);
  });
});
