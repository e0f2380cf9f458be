import { expect, test } from './fixtures';

test('a wrong or missing token is refused, by the API and by the page', async ({
  page,
  host,
  request,
}) => {
  const wrong = await request.post(`${host.origin}/api/sessions.list`, {
    data: {},
    headers: { Authorization: 'Bearer not-the-token' },
  });
  expect(wrong.status()).toBe(401);
  expect(await wrong.json()).toEqual({
    ok: false,
    error: { code: 'unauthorized', message: 'Missing or wrong session token' },
  });
  expect((await request.post(`${host.origin}/api/sessions.list`, { data: {} })).status()).toBe(401);

  const health = await request.get(`${host.origin}/api/health`);
  expect(await health.json()).toEqual({ ok: true, version: expect.any(String) });

  await page.goto(`${host.origin}/?token=not-the-token`);
  await expect(page.getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sessions' })).toHaveCount(0);

  // Without any token the page asks for the printed link.
  const fresh = await page.context().browser()!.newContext();
  const p2 = await fresh.newPage();
  await p2.goto(host.origin);
  await expect(p2.getByRole('heading', { name: 'Open Ensemble with its link' })).toBeVisible();
  await fresh.close();
});

test('the API is scriptable with curl-style calls and answers bad input clearly', async ({
  request,
  host,
}) => {
  const auth = { Authorization: `Bearer ${host.token}` };
  const created = await request.post(`${host.origin}/api/sessions.create`, {
    headers: auth,
    data: { title: 'From a script', timeboxMinutes: 60 },
  });
  expect(created.status()).toBe(200);
  const { result } = await created.json();
  expect(result.session).toMatchObject({
    title: 'From a script',
    timeboxMinutes: 60,
    status: 'draft',
  });

  const invalid = await request.post(`${host.origin}/api/goals.add`, {
    headers: auth,
    data: { sessionId: result.session.id, title: '', priority: 'p1' },
  });
  expect(invalid.status()).toBe(400);
  const body = await invalid.json();
  expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
    'priority',
    'title',
  ]);

  const garbage = await request.post(`${host.origin}/api/goals.add`, {
    headers: { ...auth, 'Content-Type': 'application/json' },
    data: Buffer.from('{"title": '),
  });
  expect(garbage.status()).toBe(400);
  expect((await garbage.json()).error.message).toBe('Request body is not valid JSON');
  expect(
    (await request.post(`${host.origin}/api/nope.nothing`, { headers: auth, data: {} })).status(),
  ).toBe(404);
  expect((await request.get(`${host.origin}/api/sessions.list`, { headers: auth })).status()).toBe(
    405,
  );

  // The host is still serving, and nothing half-written: one session, no goals.
  const list = await request.post(`${host.origin}/api/sessions.list`, { headers: auth, data: {} });
  expect((await list.json()).result).toHaveLength(1);
  expect((await list.json()).result[0].goalCount).toBe(0);
});

test('pages carry a strict content security policy', async ({ request, host }) => {
  const res = await request.get(`${host.origin}/`);
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers()['referrer-policy']).toBe('no-referrer');
});
