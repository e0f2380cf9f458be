import fs from 'node:fs';
import path from 'node:path';
import { base64url, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../test-support/runFixture';
import { createTempHost } from '../../../test-support/tempHost';
import { DB_FILENAME } from '../db/database';
import { verifyDecisionJws } from './jws';
import { KEYS_DIR, signingKeyPath } from './signingKey';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

/** An ended session whose product owner, Ana (a participant), signs a promote to 1 %. */
async function signedByAna(rationale = 'The coupon bug is behind a kill switch') {
  fx = await runFixture();
  const { host, sessionId, people } = fx;
  await host.call('sessions.update', { id: sessionId, patch: { productOwnerId: people.Ana! } });
  await host.call('run.start', { sessionId });
  await host.call('run.end', { sessionId });
  const signed = await sign(rationale, null);
  return { host, sessionId, anaId: people.Ana!, signed };
}

const sign = (rationale: string, amends: string | null, action: 'promote' | 'hold' = 'promote') =>
  fx.host.call('decision.sign', {
    sessionId: fx.sessionId,
    amends,
    decision: {
      action,
      toStage: action === 'promote' ? '1' : null,
      rationale,
      conditions: ['Fix F-1 before 10 %'],
      approverName: 'Ana',
      approverId: fx.people.Ana!,
    },
  });

const jwsOf = async (sessionId: string) =>
  (await fx.host.call('exports.render', { sessionId, format: 'jws' })).content;

/** The JWS with its payload changed by `change` and put back, the signature left as it was. */
function tampered(jws: string, change: (payload: string) => string): string {
  const [header, payload, signature] = jws.split('.');
  const text = new TextDecoder().decode(base64url.decode(payload!));
  const changed = change(text);
  expect(changed).not.toBe(text);
  return [header, base64url.encode(changed), signature].join('.');
}

describe('the decision signature', () => {
  it('issues the signed record as a JWS naming the signer, which the published keys verify', async () => {
    const { host, sessionId, anaId, signed } = await signedByAna();
    const jws = await jwsOf(sessionId);
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const keys = await host.call('decision.keys', {});
    expect(keys.keys).toHaveLength(1);
    const header = decodeProtectedHeader(jws);
    expect(header).toEqual({ alg: 'EdDSA', kid: keys.keys[0]!.kid, typ: 'ensemble-decision+jwt' });

    const result = await verifyDecisionJws(jws, keys);
    expect(result).toMatchObject({
      ok: true,
      signer: { id: anaId, name: 'Ana' },
      sessionId,
      record: { recordId: signed.id, decision: { action: 'promote', toStage: '1', version: 1 } },
    });
    // What was signed is the decision record a pipeline reads, field for field.
    const json = await host.call('exports.render', { sessionId, format: 'json' });
    expect(result.ok && result.fullRecord).toEqual(JSON.parse(json.content));
    // The same bytes every time: issued once, at signing.
    expect(await jwsOf(sessionId)).toBe(jws);
    // A plain JWT verification with jose, as the README shows it, accepts it too.
    const { payload } = await jwtVerify(jws, createLocalJWKSet(keys), {
      algorithms: ['EdDSA'],
      typ: 'ensemble-decision+jwt',
      issuer: 'ensemble',
    });
    expect(payload).toMatchObject({ sub: sessionId, signer: { id: anaId, name: 'Ana' } });
  });

  it('fails when one byte of the record, the header or the signature changed', async () => {
    const { host, sessionId } = await signedByAna();
    const jws = await jwsOf(sessionId);
    const keys = await host.call('decision.keys', {});
    const changes = [
      tampered(jws, (p) => p.replace('"promote"', '"promotf"')),
      tampered(jws, (p) => p.replace('"toStage":"1"', '"toStage":"2"')),
      tampered(jws, (p) => p.replace('"name":"Ana"', '"name":"Bob"')),
      // the header: one parameter more
      [
        base64url.encode(JSON.stringify({ ...decodeProtectedHeader(jws), cty: 'JWT' })),
        ...jws.split('.').slice(1),
      ].join('.'),
      // one character of the signature
      jws.slice(0, -2) + (jws.at(-2) === 'A' ? 'B' : 'A') + jws.at(-1),
    ];
    for (const changed of changes) {
      expect(changed).not.toBe(jws);
      expect(await verifyDecisionJws(changed, keys)).toMatchObject({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('says which: a key it does not know, or something that is not a signed decision', async () => {
    const { host, sessionId } = await signedByAna();
    const jws = await jwsOf(sessionId);
    const other = createTempHost();
    try {
      const strangers = await other.call('decision.keys', {});
      expect(await verifyDecisionJws(jws, strangers)).toMatchObject({ reason: 'unknown-key' });
    } finally {
      other.dispose();
    }
    const keys = await host.call('decision.keys', {});
    for (const bad of ['', 'not a jws', jws.split('.').slice(0, 2).join('.'), `${jws}.x`])
      expect(await verifyDecisionJws(bad, keys)).toMatchObject({ reason: 'malformed' });
    expect(await verifyDecisionJws(jws, { keys: 'none' })).toMatchObject({ reason: 'malformed' });
    expect(await verifyDecisionJws(jws, [])).toMatchObject({ reason: 'malformed' });
  });

  it('keeps the private key in a 0600 file only: not in the store, an answer or an export', async () => {
    const { host, sessionId } = await signedByAna();
    const file = signingKeyPath(host.dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(host.dataDir, KEYS_DIR)).mode & 0o777).toBe(0o700);
    const { d } = JSON.parse(fs.readFileSync(file, 'utf8')) as { d: string };
    expect(d).toMatch(/^[\w-]{43}$/);
    const places = [
      ['keys', JSON.stringify(await host.call('decision.keys', {}))],
      ['database', fs.readFileSync(path.join(host.dataDir, DB_FILENAME)).toString('latin1')],
    ];
    const wal = path.join(host.dataDir, `${DB_FILENAME}-wal`);
    if (fs.existsSync(wal)) places.push(['wal', fs.readFileSync(wal).toString('latin1')]);
    for (const format of ['jws', 'jwks', 'json', 'md', 'html'] as const)
      places.push([format, (await host.call('exports.render', { sessionId, format })).content]);
    for (const [place, text] of places)
      expect({ place, leaked: text!.includes(d) }).toEqual({ place, leaked: false });
    // Nor can the store be made to hold one.
    expect(() =>
      host.db
        .prepare('INSERT INTO signing_keys (kid, jwk, added_at) VALUES (?, ?, ?)')
        .run('k', JSON.stringify({ kty: 'OKP', x: 'x', d }), 0),
    ).toThrow(/CHECK/);
  });

  it('signs the record as exported: the session’s redaction rules apply to what is signed', async () => {
    const { sessionId } = await signedByAna('Ask dana@example.com before 10 %');
    const json = (await fx.host.call('exports.render', { sessionId, format: 'json' })).content;
    const jws = await jwsOf(sessionId);
    const payload = new TextDecoder().decode(base64url.decode(jws.split('.')[1]!));
    expect(payload).not.toContain('dana@example.com');
    expect(payload).toContain('[redacted:email]');
    expect(json).toContain('[redacted:email]');
  });

  it('makes a new key when the file is moved aside; records signed before still verify', async () => {
    const { host, sessionId, signed } = await signedByAna();
    const first = await jwsOf(sessionId);
    const oldKid = decodeProtectedHeader(first).kid;
    fs.renameSync(signingKeyPath(host.dataDir), `${signingKeyPath(host.dataDir)}.old`);
    await sign('Amended: hold until F-1 is fixed', signed.id, 'hold');
    const second = await jwsOf(sessionId);
    expect(decodeProtectedHeader(second).kid).not.toBe(oldKid);
    const keys = await host.call('decision.keys', {});
    expect(keys.keys.map((k) => k.kid)).toEqual([decodeProtectedHeader(second).kid, oldKid]);
    expect(await verifyDecisionJws(first, keys)).toMatchObject({ ok: true });
    expect(await verifyDecisionJws(second, keys)).toMatchObject({
      ok: true,
      record: { decision: { action: 'hold', version: 2 } },
    });
  });

  it('puts the signature on the session’s timeline with who signed', async () => {
    const { host, sessionId, anaId } = await signedByAna();
    const { events } = await host.call('notes.timeline', { sessionId });
    const kid = decodeProtectedHeader(await jwsOf(sessionId)).kid;
    expect(events.at(-1)).toMatchObject({
      type: 'decision.signed',
      // Signed in the facilitator's app (no personal link made the call), in Ana's name.
      actorId: null,
      payload: { version: 1, summary: 'Promote to 1 %', signerId: anaId, signerName: 'Ana', kid },
    });
  });

  it('refuses to sign with a damaged key, and records nothing', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    fs.mkdirSync(path.dirname(signingKeyPath(host.dataDir)), { recursive: true });
    fs.writeFileSync(signingKeyPath(host.dataDir), 'not a key');
    await expect(sign('Go', null)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('move it aside'),
    });
    expect(await host.call('decision.history', { sessionId })).toEqual([]);
    expect((await host.call('notes.timeline', { sessionId })).events.at(-1)?.type).toBe(
      'session.ended',
    );
  });

  it('has no signed record before signing, and never pseudonymises one', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    await expect(jwsOf(sessionId)).rejects.toMatchObject({ code: 'not_found' });
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    await sign('Go', null);
    await expect(
      host.call('exports.render', { sessionId, format: 'jws', pseudonymise: true }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
