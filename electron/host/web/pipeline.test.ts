import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTempHost } from '../../../test-support/tempHost';
import { REPO_ROOT } from '../../../test-support/childScript';
import { signedSessions } from '../../../test-support/signedSessions';
import type { GateAnswer } from '../../../shared/domain/gate';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import { startWebServer, type WebServer } from './server';

const answer = async (res: Response) => (await res.json()) as GateAnswer;

const FULL = 'full-token-0123456789abcdefghijklmnop';
const PIPELINE = 'ens_ro_pipeline-0123456789abcdefghijklmn';
let host: ReturnType<typeof createTempHost>;
let server: WebServer;
let base: string;
let s: Awaited<ReturnType<typeof signedSessions>>;

beforeAll(async () => {
  host = createTempHost(undefined, { testClock: 'frozen' });
  s = await signedSessions(host);
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

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const gateUrl = (sessionId: string, query: string) =>
  `${base}/api/sessions/${sessionId}/gate${query ? `?${query}` : ''}`;
const get = (sessionId: string, query: string, token = PIPELINE) =>
  fetch(gateUrl(sessionId, query), { headers: bearer(token) });
/** What Flagger sends: POST, JSON, no custom header; the token rides in the hook's metadata. */
const flagger = (sessionId: string, query: string, metadata: Record<string, string>) =>
  fetch(gateUrl(sessionId, query), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: 'podinfo',
      namespace: 'test',
      phase: 'Progressing',
      checksum: '6d8f7c9b5',
      metadata,
    }),
  });

const PROMOTE_CASES = [
  ['draft', 'draft', 425],
  ['hold', 'hold', 423],
  ['rollback', 'rollback', 409],
  ['amended', 'rollback', 409],
  ['promote1', 'below-stage', 412],
  ['promote10', 'pass', 200],
  ['promote50', 'pass', 200],
] as const;

describe('the pipeline gate', () => {
  it.each(PROMOTE_CASES)(
    'expect=promote&stage=10 on %s answers %s as %i, by GET and by a Flagger POST',
    async (key, outcome, status) => {
      for (const res of [
        await get(s[key], 'expect=promote&stage=10'),
        await get(s[key], 'expect=promote&stage=10', FULL),
        await flagger(s[key], 'expect=promote&stage=10', { token: PIPELINE }),
        await flagger(s[key], '', { token: PIPELINE, expect: 'promote', stage: '10' }),
      ]) {
        expect(res.status).toBe(status);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.json()).toMatchObject({ outcome, pass: status === 200, status });
      }
    },
  );

  it('expect=rollback passes a signed roll back only (a Flagger rollback hook)', async () => {
    const cases = [
      ['draft', 425],
      ['hold', 423],
      ['promote10', 409],
      ['rollback', 200],
      ['amended', 200],
    ] as const;
    for (const [key, status] of cases) {
      expect((await get(s[key], 'expect=rollback')).status, key).toBe(status);
      expect((await flagger(s[key], 'expect=rollback', { token: PIPELINE })).status, key).toBe(
        status,
      );
    }
  });

  it('says what was signed, with the stages it was signed against', async () => {
    const body = await answer(await get(s.promote1, 'stage=10'));
    expect(body).toMatchObject({
      outcome: 'below-stage',
      expect: 'promote',
      stage: '10',
      sessionId: s.promote1,
      decision: {
        action: 'promote',
        version: 1,
        fromStage: 'internal',
        toStage: '1',
        toPercent: 1,
      },
    });
    expect(body.message).toContain('before stage 10');
    expect((await answer(await get(s.draft, 'stage=10'))).decision).toBeNull();
  });

  it('refuses bad input with a 4xx that names it, and a wrong or missing token with 401', async () => {
    const refusals: [Promise<Response>, number, string][] = [
      [get(s.promote10, 'expect=promote'), 400, 'stage'],
      [get(s.promote10, 'stage=20'), 400, 'not one of the session'],
      [get(s.promote10, 'stage=Ten%20%25'), 400, 'Stage keys'],
      [get(s.promote10, 'expect=hold'), 400, 'expect'],
      [get(s.rollback, 'expect=rollback&stage=internal'), 400, 'stage goes with expect=promote'],
      [get(s.promote10, 'stage=10&mode=loud'), 400, 'mode'],
      [get('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'stage=10'), 404, ''],
      [get('%E0%A4%A', 'stage=10'), 400, ''],
      [
        flagger(s.promote10, 'stage=10&expect=rollback', { token: PIPELINE, expect: 'promote' }),
        400,
        'differs',
      ],
      [get(s.promote10, 'stage=10', 'wrong'), 401, 'token'],
      [fetch(gateUrl(s.promote10, 'stage=10')), 401, 'token'],
      [flagger(s.promote10, 'stage=10', { token: 'wrong' }), 401, 'token'],
      [flagger(s.promote10, 'stage=10', {}), 401, 'token'],
      [
        fetch(gateUrl(s.promote10, 'stage=10'), { method: 'POST', body: '{"metadata":' }),
        400,
        'JSON',
      ],
      [
        fetch(gateUrl(s.promote10, 'stage=10'), {
          method: 'POST',
          body: JSON.stringify({ metadata: { token: PIPELINE, pad: 'x'.repeat(70_000) } }),
        }),
        413,
        '',
      ],
      [
        fetch(gateUrl(s.promote10, 'stage=10'), { method: 'PUT', headers: bearer(PIPELINE) }),
        405,
        '',
      ],
    ];
    for (const [pending, status, text] of refusals) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(JSON.stringify(await res.json())).toContain(text);
    }
    // Nothing was changed by any of it.
    expect((await get(s.promote10, 'stage=10')).status).toBe(200);
  });

  it('mode=metric answers 200 with the outcome in the body (an Argo Rollouts web metric)', async () => {
    for (const [key, outcome] of PROMOTE_CASES) {
      const res = await get(s[key], 'expect=promote&stage=10&mode=metric');
      expect(res.status).toBe(200);
      const body = await answer(res);
      expect(body.outcome).toBe(outcome);
      expect(typeof body.pass).toBe('boolean');
      expect(argoPhase(body)).toBe(ARGO_PHASE[outcome]);
    }
  });
});

/**
 * The README's AnalysisTemplate conditions, evaluated the way Argo Rollouts does
 * (utils/evaluate.EvaluateResult: failure wins, neither is Inconclusive, which pauses).
 * They read one top-level string, so no expr-lang feature beyond `==` and `||` is involved.
 */
const SUCCESS = 'result.outcome == "pass"';
const FAILURE = 'result.outcome == "rollback"';
const ARGO_PHASE: Record<string, string> = {
  pass: 'Successful',
  draft: 'Inconclusive',
  hold: 'Inconclusive',
  'below-stage': 'Inconclusive',
  rollback: 'Failed',
};
function evalCondition(result: object, condition: string): boolean {
  return condition.split(' || ').some((term) => {
    const m = /^result\.([a-zA-Z]+) == "([^"]*)"$/.exec(term.trim());
    if (!m) throw new Error(`Not a condition this test reads: ${term}`);
    if (!(m[1]! in result)) throw new Error(`result has no field ${m[1]}: Argo would error`);
    return (result as Record<string, unknown>)[m[1]!] === m[2];
  });
}
function argoPhase(result: object) {
  const failed = evalCondition(result, FAILURE);
  const passed = evalCondition(result, SUCCESS);
  return failed ? 'Failed' : passed ? 'Successful' : 'Inconclusive';
}

describe('the read-only pipeline token', () => {
  it('reads the decision record (with a link to its schema) and the gate', async () => {
    const res = await fetch(`${base}/api/sessions/${s.promote10}/decision`, {
      headers: bearer(PIPELINE),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toBe(
      '</api/schema/decision-record.v1.json>; rel="describedby"; type="application/schema+json"',
    );
    expect(((await res.json()) as DecisionRecordV1).decision?.action).toBe('promote');
  });

  it('is refused (403) everywhere else and changes nothing; the full token still works', async () => {
    const call = (method: string, body: unknown, token: string) =>
      fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      });
    const before = await (await call('sessions.list', {}, FULL)).json();
    for (const [method, body] of [
      ['sessions.list', {}],
      ['sessions.create', { title: 'Sneaky' }],
      ['decision.gate', { sessionId: s.promote10, stage: '10' }],
      ['exports.render', { sessionId: s.promote10, format: 'md' }],
      ['exports.print', { sessionId: s.promote10 }],
    ] as const) {
      const res = await call(method, body, PIPELINE);
      expect(res.status, method).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    const image = await fetch(`${base}/api/screenshots/${s.promote10}/${'a'.repeat(64)}`, {
      headers: bearer(PIPELINE),
    });
    expect(image.status).toBe(403);
    const upload = await fetch(`${base}/api/screenshots.upload?sessionId=${s.promote10}`, {
      method: 'POST',
      headers: bearer(PIPELINE),
      body: new Uint8Array([0x89, 0x50]),
    });
    expect(upload.status).toBe(403);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${PIPELINE}`);
    expect(
      await new Promise<number>((resolve) =>
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!)),
      ),
    ).toBe(403);

    expect(await (await call('sessions.list', {}, FULL)).json()).toEqual(before);
    expect(
      (await call('decision.gate', { sessionId: s.promote10, stage: '10' }, FULL)).status,
    ).toBe(200);
  });
});

describe('the published schema', () => {
  it('is served without a token, as the file, revalidated by its ETag', async () => {
    const res = await fetch(`${base}/api/schema/decision-record.v1.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const file = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'shared/schema/decision-record.v1.json'), 'utf8'),
    );
    expect(await res.json()).toEqual(file);
    const again = await fetch(`${base}/api/schema/decision-record.v1.json`, {
      headers: { 'If-None-Match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const post = await fetch(`${base}/api/schema/decision-record.v1.json`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
