import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { startHost } from './host';
import { createSessionInUi } from './runSetup';

/**
 * The page a browser loads from another origin: it tries every way a page can post to the ingest
 * port — fetch (CORS and no-cors), sendBeacon and a text/plain form — with events of the
 * internal tenant, each message naming how it was sent.
 */
const PAGE = `<!doctype html><html><body><iframe name="sink"></iframe><script>
const params = new URLSearchParams(location.search);
const ingest = params.get('ingest');
const tag = params.get('tag');
const sentry = (m) => JSON.stringify({ message: tag + '-' + m, tags: { tenant: 'internal' } });
const envelope = (m) => ['{}', '{"type":"event"}', sentry(m)].join('\\n');
const otlp = (m) => JSON.stringify({ resourceLogs: [{ resource: { attributes: [
  { key: 'tenant.id', value: { stringValue: 'internal' } }] },
  scopeLogs: [{ logRecords: [{ body: { stringValue: tag + '-' + m } }] }] }] });
const attempt = (name, run) => run().then((r) => [name, r.type === 'opaque' ? 'opaque' : r.status], (e) => [name, 'failed']);
window.results = (async () => {
  const results = await Promise.all([
    attempt('fetch-otlp', () => fetch(ingest + '/v1/logs', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: otlp('fetch-otlp') })),
    attempt('fetch-envelope', () => fetch(ingest + '/api/1/envelope/', { method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: envelope('fetch-envelope') })),
    attempt('nocors-envelope', () => fetch(ingest + '/api/1/envelope/', { method: 'POST',
      mode: 'no-cors', body: envelope('nocors-envelope') })),
    attempt('nocors-otlp', () => fetch(ingest + '/v1/logs', { method: 'POST', mode: 'no-cors',
      headers: { 'Content-Type': 'application/json' }, body: otlp('nocors-otlp') })),
  ]);
  results.push(['beacon-envelope', navigator.sendBeacon(ingest + '/api/1/envelope/', envelope('beacon-envelope'))]);
  results.push(['beacon-otlp', navigator.sendBeacon(ingest + '/v1/logs', otlp('beacon-otlp'))]);
  // A text/plain form whose field name and value add up to a JSON event.
  const form = document.createElement('form');
  form.method = 'POST';
  form.enctype = 'text/plain';
  form.target = 'sink';
  form.action = ingest + '/api/1/store/';
  const input = document.createElement('input');
  input.name = sentry('form-store').slice(0, -1) + ',"x":"';
  input.value = '"}';
  form.append(input);
  document.body.append(form);
  await new Promise((loaded) => {
    document.querySelector('iframe').onload = loaded;
    form.submit();
  });
  results.push(['form-store', 'submitted']);
  return Object.fromEntries(results);
})();
</script></body></html>`;

test('a page on another origin cannot write events; a page on an allowlisted origin can', async ({
  page,
  host,
  request,
}) => {
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  try {
    await page.goto(host.url);
    await createSessionInUi(page, 'Browser exporter');
    const sessionId = new URL(page.url()).hash.split('/')[2]!;
    const messages = async () => {
      const res = await request.post(`${host.origin}/api/feeds.query`, {
        headers: { Authorization: `Bearer ${host.token}` },
        data: { sessionId, limit: 500 },
      });
      return ((await res.json()).result.events as Array<{ message: string }>)
        .map((e) => e.message)
        .sort();
    };

    const site1 = await page.context().newPage();
    await site1.goto(`${origin}/?tag=attack&ingest=${encodeURIComponent(host.ingest!)}`);
    const attack = await site1.evaluate(() => (window as unknown as { results: unknown }).results);
    // CORS refused every readable request; the rest were sent and refused unseen.
    expect(attack).toMatchObject({ 'fetch-otlp': 'failed', 'fetch-envelope': 'failed' });

    // The facilitator allows the product's own origin in Prepare → Feeds.
    const origins = page.getByLabel('Browser origins allowed to send (one per line)');
    await origins.fill(`${origin}/path`);
    await origins.blur();
    await expect(page.getByText(/is not an origin: enter scheme:\/\/host\[:port\]/)).toBeVisible();
    await origins.fill(origin);
    await origins.blur();
    await expect
      .poll(async () => {
        const res = await request.post(`${host.origin}/api/feeds.getSettings`, {
          headers: { Authorization: `Bearer ${host.token}` },
          data: { sessionId },
        });
        return (await res.json()).result.allowedOrigins;
      })
      .toEqual([origin]);

    await site1.goto(`${origin}/?tag=allowed&ingest=${encodeURIComponent(host.ingest!)}`);
    const allowed = await site1.evaluate(() => (window as unknown as { results: unknown }).results);
    expect(allowed).toMatchObject({ 'fetch-otlp': 200, 'fetch-envelope': 200 });
    // Everything the allowed page sent in a form OTLP or Sentry accept arrived (beacons too),
    // long after the attacker's requests: none of those was stored.
    await expect
      .poll(messages)
      .toEqual([
        'allowed-beacon-envelope',
        'allowed-fetch-envelope',
        'allowed-fetch-otlp',
        'allowed-form-store',
        'allowed-nocors-envelope',
      ]);
  } finally {
    await new Promise((resolve) => site.close(resolve));
  }
});

test('with --allow-remote the receivers want the ingest key the host prints and keeps', async ({
  request,
}) => {
  const host = await startHost({ args: ['--allow-remote'] });
  try {
    const key = fs.readFileSync(path.join(host.dataDir, 'ingest-key'), 'utf8').trim();
    expect(host.output()).toContain(`OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${key}`);
    expect(host.output()).toContain(`Sentry DSN http://${key}@${new URL(host.ingest!).host}/1`);
    const envelope = [{}, { type: 'event' }, { message: 'keyed', tags: { tenant: 'internal' } }]
      .map((p) => JSON.stringify(p))
      .join('\n');
    const without = await request.post(`${host.ingest}/api/1/envelope/`, { data: envelope });
    expect(without.status()).toBe(401);
    expect(await without.json()).toEqual({
      detail: 'An ingest key is required: Authorization: Bearer <key> or the Sentry DSN key',
    });
    const keyed = await request.post(`${host.ingest}/api/1/envelope/?sentry_key=${key}`, {
      data: envelope,
    });
    expect(keyed.status()).toBe(200);
  } finally {
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
});
