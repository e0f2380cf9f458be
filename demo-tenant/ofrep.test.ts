import { OFREPProvider } from '@openfeature/ofrep-provider';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofrepAnswer } from './ofrep';

let server: http.Server;
let url: string;
beforeAll(async () => {
  // The shop's answers over HTTP, as the demo server gives them.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const key = decodeURIComponent(req.url!.split('/').pop()!);
      const answer = ofrepAnswer(key, body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the demo shop’s OFREP flag service, read by the official OpenFeature OFREP provider', () => {
  it('is on for the internal tenant only, and says so in OFREP’s terms', async () => {
    const provider = new OFREPProvider({ baseUrl: url });
    const on = await provider.resolveBooleanEvaluation('new-checkout', false, {
      targetingKey: 'internal',
      tenant: 'internal',
    });
    expect(on).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'on' });
    const off = await provider.resolveBooleanEvaluation('new-checkout', true, {
      targetingKey: 'acme-corp',
      tenant: 'acme-corp',
    });
    expect(off).toMatchObject({ value: false, variant: 'off' });
    await expect(
      provider.resolveBooleanEvaluation('old-checkout', false, { targetingKey: 'internal' }),
    ).rejects.toThrow(/not found/i);
  });

  it('answers bad requests with OFREP’s error codes', () => {
    expect(ofrepAnswer('new-checkout', '{')).toMatchObject({
      status: 400,
      body: { errorCode: 'PARSE_ERROR' },
    });
    expect(ofrepAnswer('new-checkout', '{"context": 3}')).toMatchObject({
      status: 400,
      body: { errorCode: 'INVALID_CONTEXT' },
    });
    expect(ofrepAnswer('new-checkout', '{"context": {}}')).toMatchObject({
      status: 400,
      body: { errorCode: 'TARGETING_KEY_MISSING' },
    });
  });
});
