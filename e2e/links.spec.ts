import { expect, type Browser, type Page } from '@playwright/test';
import { test } from './fixtures';
import type { RunningHost } from './host';
import { prepareSession, typeNote } from './runSetup';

/** What the host refused each page (403), by page: a personal page asks only what it may. */
const refused = new WeakMap<Page, string[]>();

/** A new browser (its own storage, as on another machine) opened on a personal link. */
async function openLink(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const list: string[] = [];
  refused.set(page, list);
  page.on('response', (r) => r.status() === 403 && list.push(new URL(r.url()).pathname));
  await page.goto(url);
  return page;
}

/** A call from inside a page with the token it holds, as its own code would make it. */
const callFrom = (page: Page, method: string, args: unknown) =>
  page.evaluate(
    async ({ method, args }) => {
      const token = sessionStorage.getItem('ensemble.personal');
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: await res.json() };
    },
    { method, args },
  );

/**
 * Ana facilitates, Ben is the product owner (and drives after the first rotation), Cleo observes.
 * The session and the links are made through the host's own API, as a script would.
 */
async function team(host: RunningHost, request: Parameters<typeof prepareSession>[0]) {
  const prepared = await prepareSession(request, host, {
    // The driver's predecessors navigate and take notes: Ana drives, Eli navigates, Dev takes
    // notes; after one rotation Ben drives, Ana navigates, Eli takes notes. Cleo observes.
    people: ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'],
    rotationMinutes: 10,
  });
  const { call, sessionId, people } = prepared;
  await call('sessions.update', {
    id: sessionId,
    patch: { facilitatorId: people.Ana, productOwnerId: people.Ben },
  });
  const links: Record<string, { url: string; link: { id: string } }> = {};
  for (const name of ['Ana', 'Ben', 'Cleo'])
    links[name] = await call('links.issue', { sessionId, participantId: people[name] });
  return { ...prepared, links };
}

test('three people on their own links: roles, notes and the decision, each as themselves', async ({
  browser,
  host,
  request,
}) => {
  const { sessionId, people, links, call } = await team(host, request);
  expect(links.Ana!.url).toMatch(new RegExp(`^${host.origin}/#/join\\?t=ens_p_`));
  const ana = await openLink(browser, links.Ana!.url);
  const ben = await openLink(browser, links.Ben!.url);
  const cleo = await openLink(browser, links.Cleo!.url);
  // The token leaves the address bar; each lands in the session's Run view as themselves.
  await expect(cleo).toHaveURL(new RegExp(`#/sessions/${sessionId}/run$`));
  await expect(cleo.getByTestId('person-now')).toHaveText(
    'You are Cleo. The session has not started yet.',
  );

  // Only the facilitator is offered the clock.
  await expect(cleo.getByRole('button', { name: 'Start session' })).toHaveCount(0);
  await expect(cleo.getByText('The facilitator runs the clock and the rotation')).toBeVisible();
  await ana.getByRole('button', { name: 'Start session' }).click();
  await expect(ben.getByTestId('person-now')).toHaveText('You are observing — next up: you');
  await expect(cleo.getByTestId('person-now')).toHaveText('You are observing — next up: Ben');
  await expect(cleo.getByRole('button', { name: 'Rotate now' })).toHaveCount(0);

  // The facilitator rotates; the new driver's screen says so, with a signal.
  await ana.getByRole('button', { name: 'Rotate now' }).click();
  await expect(ben.getByTestId('person-now')).toHaveText('You are driving — next up: Cleo');
  await expect(ben.getByRole('status').filter({ hasText: 'Your turn' })).toHaveText(
    'Your turn: you are driving',
  );
  await expect(ana.getByTestId('role-driver')).toHaveText('Ben');

  // A note typed in the observer's browser is hers: no "Writing as" choice, marked as hers.
  await expect(cleo.getByLabel('Writing as')).toHaveCount(0);
  await expect(cleo.getByText('Writing as Cleo')).toBeVisible();
  await typeNote(cleo, 'obs: the coupon field clears itself');
  await expect(
    cleo.getByRole('listitem', { name: /the coupon field clears itself/ }),
  ).toContainText('you');
  const onAna = ana.getByRole('listitem', { name: /the coupon field clears itself/ });
  await expect(onAna).toContainText('Cleo');
  await expect(onAna).not.toContainText('you');
  const { notes } = await call('notes.timeline', { sessionId });
  expect(notes.map((n: { authorId: string }) => n.authorId)).toEqual([people.Cleo]);

  // The observer may not rotate or sign: refused by the host, with a reason.
  const rotate = await callFrom(cleo, 'run.rotate', { sessionId });
  expect(rotate.status).toBe(403);
  expect(rotate.body.error.message).toBe(
    'Cleo cannot run the clock, the rotation and the plan: only the facilitator can',
  );
  await ana.getByRole('button', { name: 'End session' }).click();
  await ana.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  const decision = {
    action: 'hold',
    toStage: null,
    rationale: 'Cleo tries',
    conditions: [],
    approverName: 'Ben',
    approverId: people.Ben,
  };
  const signByCleo = await callFrom(cleo, 'decision.sign', { sessionId, decision, amends: null });
  expect(signByCleo.status).toBe(403);
  await cleo.getByRole('link', { name: /Decide/ }).click();
  await expect(cleo.getByText('Only the product owner (Ben) signs the decision')).toBeVisible();
  await expect(cleo.getByRole('form', { name: 'Sign the decision' })).toHaveCount(0);

  // The product owner sees the debrief the facilitator leads, and signs from his own screen.
  await ben.getByRole('link', { name: /Debrief/ }).click();
  await expect(ben.getByText('The facilitator leads the debrief')).toBeVisible();
  await ben.getByRole('link', { name: /Decide/ }).click();
  const sign = ben.getByRole('form', { name: 'Sign the decision' });
  await sign.getByLabel('Rationale').fill('Hold until the coupon bug is fixed');
  await sign.getByRole('button', { name: 'Sign the decision' }).click();
  await expect(ben.getByText(/Signed: version 1/)).toBeVisible();
  const [signed] = await call('decision.history', { sessionId });
  expect(signed.approverId).toBe(people.Ben);
  const { events } = await call('notes.timeline', { sessionId });
  const who = (type: string) =>
    events
      .filter((e: { type: string }) => e.type === type)
      .map((e: { actorId: string }) => e.actorId);
  expect(who('rotation.rotated')).toEqual([people.Ana]);
  expect(who('decision.signed')).toEqual([people.Ben]);
  // The report's audit trail says the same, naming each person's link.
  const report = await call('exports.render', { sessionId, format: 'md', pseudonymise: false });
  const audit = report.content.slice(report.content.indexOf('## Audit trail'));
  expect(audit).toMatch(
    /\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \| Ana \(personal link\) \| Rotated \|/,
  );
  expect(audit).toMatch(/\| Ben \(personal link\) \| Decision signed by Ben: .+ \(version 1\) \|/);
  expect(audit).toContain('| the facilitator’s app | Personal link issued to Cleo |');

  // Revoked: Cleo's live connection closes at once and her next call is refused.
  await call('links.revoke', { sessionId, linkId: links.Cleo!.link.id });
  await expect(cleo.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  const after = await callFrom(cleo, 'run.state', { sessionId });
  expect(after.status).toBe(401);
  await expect(ben.getByText(/Signed: version 1/)).toBeVisible(); // the others carry on
  // Run, Debrief and Decide asked the host nothing the people on these links may not see.
  expect(refused.get(ben)).toEqual([]);
  expect(refused.get(ana)).toEqual([]);
  expect(refused.get(cleo)).toEqual(['/api/run.rotate', '/api/decision.sign']);
});

test('the facilitator makes a link with its QR code, revokes it, and lets in someone who asks', async ({
  browser,
  host,
  page,
  request,
}) => {
  const { sessionId } = await prepareSession(request, host, { rotationMinutes: 10 });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  const panel = page.getByRole('region', { name: 'People and links' });
  await expect(panel.getByText('These links work on this machine only')).toBeVisible();
  const dev = panel.getByRole('listitem', { name: 'Dev' });
  await expect(dev).toContainText('No link yet');
  await dev.getByRole('button', { name: 'Create link' }).click();
  const address = dev.getByLabel('Link for Dev');
  await expect(address).toHaveValue(new RegExp(`^${host.origin}/#/join\\?t=ens_p_`));
  await expect(dev.getByRole('img', { name: 'QR code of Dev’s link' })).toBeVisible();

  const devPage = await openLink(browser, await address.inputValue());
  await expect(devPage.getByTestId('person-now')).toHaveText(
    'You are Dev. The session has not started yet.',
  );
  await expect(dev).toContainText('opened');
  // Dev sees the plan but is not offered to change it, nor the session list.
  await devPage.getByRole('link', { name: /Prepare/ }).click();
  await expect(devPage.getByText('Only the facilitator edits the plan')).toBeVisible();
  await expect(devPage.getByRole('link', { name: '← Sessions' })).toHaveCount(0);
  await expect(devPage.getByRole('region', { name: 'People and links' })).toHaveCount(0);

  expect(refused.get(devPage)).toEqual([]);
  await dev.getByRole('button', { name: 'Revoke' }).click();
  await expect(devPage.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await expect(dev).toContainText('Revoked');

  // Someone without a link asks on the join page; the facilitator lets her in.
  const joinAddress = await panel.getByLabel('Join page address').inputValue();
  expect(joinAddress).toBe(`${host.origin}/#/join/${sessionId}`);
  const fay = await openLink(browser, joinAddress);
  await fay.getByLabel('Your name').fill('Fay');
  await fay.getByLabel('Your function').selectOption('support');
  await fay.getByRole('button', { name: 'Ask to join' }).click();
  await expect(fay.getByRole('status')).toHaveText(/Waiting for the facilitator/);
  const waiting = panel.getByRole('list', { name: 'Waiting to join' });
  await waiting
    .getByRole('listitem', { name: 'Fay' })
    .getByRole('button', { name: 'Let in' })
    .click();
  await expect(fay.getByTestId('person-now')).toHaveText(
    'You are Fay. The session has not started yet.',
  );
  await expect(panel.getByRole('listitem', { name: 'Fay' })).toContainText('opened');
});
