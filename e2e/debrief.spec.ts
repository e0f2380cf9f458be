import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROOT } from './host';
import { openRun, prepareSession, typeNote } from './runSetup';

/**
 * Answers to `method` reach the page only when the returned function is called (the host has
 * handled the calls meanwhile, and its live updates arrive first), as on a slow network. After
 * that the route lets answers through at once; it is not removed: removing a route while the
 * page's other requests were being passed through once cut the page off from its host (its
 * WebSocket closed and every call failed) in a CI run under load, while the host was answering.
 */
async function holdAnswers(page: Page, method: string) {
  let open = () => {};
  const held = new Promise<void>((resolve) => (open = resolve));
  let released = false;
  const answers: Promise<void>[] = [];
  await page.route(`**/api/${method}`, (route) => {
    if (released) return route.continue();
    answers.push(
      (async () => {
        const response = await route.fetch();
        await held;
        await route.fulfill({ response });
      })(),
    );
  });
  return async () => {
    released = true;
    open();
    await Promise.all(answers);
  };
}

test('from an ended session: triage notes into findings, set outcomes, read the recommendation, sign, export', async ({
  page,
  request,
  host,
}) => {
  test.setTimeout(120_000); // the whole loop, then the command line three times
  const { sessionId, call } = await prepareSession(request, host, {
    goals: ['Pay by card', 'Refund a partial order'],
  });
  await openRun(page, host, sessionId);
  await page.getByRole('button', { name: 'Start session' }).click();
  await typeNote(page, 'bug: coupon field crashes checkout #pricing');
  await typeNote(page, 'bug: coupon error message is blank');
  await typeNote(page, 'risk: refund may charge twice');
  await typeNote(page, 'obs: layout looks fine');
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('layout looks fine');
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved');
  await call('run.end', { sessionId });

  await page.getByRole('link', { name: /Debrief/ }).click();
  const triage = page.getByRole('listbox', { name: 'Notes to triage' });
  await expect(triage.getByRole('option')).toHaveCount(3); // bugs and risks only
  // Keyboard triage: the first bug becomes a finding, the second joins it, the risk is set aside.
  await triage.focus();
  await page.keyboard.press('n');
  const findings = page.getByRole('list', { name: 'Findings' });
  await expect(
    findings.getByRole('listitem', { name: /^F-1 coupon field crashes checkout/ }),
  ).toBeVisible();
  await expect(triage.getByRole('option')).toHaveCount(2);
  // The answer to "add to finding" comes late (a slow network); the live update moves the list on
  // first, and the next note can be triaged at once: its key is not swallowed by the late answer.
  let release = await holdAnswers(page, 'debrief.updateFinding');
  await triage.focus();
  await page.keyboard.press('a');
  await expect(triage.getByRole('option')).toHaveCount(1);
  await triage.focus();
  await page.keyboard.press('s');
  await expect(page.getByText('Every bug and risk note is a finding or set aside.')).toBeVisible();
  await release();
  // Set aside is not forever: the note can come back to triage, and be set aside again before
  // the answer to bringing it back has arrived.
  release = await holdAnswers(page, 'debrief.dismissNote');
  await page.getByText('Set aside (1)').click();
  await page
    .getByRole('list', { name: 'Set aside' })
    .getByRole('button', { name: 'Back to triage' })
    .click();
  await expect(triage.getByRole('option')).toHaveCount(1);
  await triage.focus();
  await page.keyboard.press('s');
  await expect(page.getByText('Every bug and risk note is a finding or set aside.')).toBeVisible();
  await release();
  const f1 = findings.getByRole('listitem', { name: /^F-1/ });
  await expect(f1.getByRole('list', { name: 'Evidence of F-1' }).getByRole('listitem')).toHaveCount(
    2,
  );
  await f1.getByLabel('Severity').selectOption('blocker');
  await expect(f1.locator('.badge.severity-blocker')).toBeVisible();

  const outcomes = page.getByRole('list', { name: 'Goal outcomes' });
  await outcomes.getByLabel('Outcome of Pay by card').selectOption('met');
  await outcomes.getByLabel('Outcome of Refund a partial order').selectOption('partly-met');
  await outcomes.getByLabel('Reason for Refund a partial order').fill('Partial refunds untested');
  await outcomes.getByLabel('Reason for Refund a partial order').blur();
  await page.getByLabel('Results').fill('Checkout works; coupons crash');
  await page.getByLabel('Results').blur();
  await expect(page.getByRole('heading', { name: 'Metrics' })).toBeVisible();

  await page.getByRole('link', { name: /Decide/ }).click();
  const rec = page.getByRole('region', { name: 'Recommendation' });
  await expect(rec.getByRole('status')).toHaveText(/Hold · score 0 \(fail\)/);
  const blocker = rec.getByRole('row', { name: /No open blocker/ });
  await expect(blocker).toContainText('Fail');
  // Evidence is one click away: the blocker leads to its finding in the debrief.
  await blocker.getByRole('button', { name: /F-1/ }).click();
  await expect(page.getByRole('listitem', { name: /^F-1/ })).toBeInViewport();
  await page.getByRole('link', { name: /Decide/ }).click();

  const sign = page.getByRole('form', { name: 'Sign the decision' });
  await sign.getByLabel('Decision', { exact: true }).selectOption('promote');
  await expect(sign.getByRole('note')).toContainText('differs from the recommendation');
  await sign.getByRole('button', { name: 'Sign the decision' }).click();
  await expect(sign.getByText('Rationale is required')).toBeVisible();
  await sign.getByLabel('Rationale').fill('Coupons are off for the internal tenant');
  await sign.getByLabel('Conditions').fill('Fix F-1 before 10 %');
  await sign.getByLabel('Signed by').fill('Dana');
  await sign.getByRole('button', { name: 'Sign the decision' }).click();
  const history = page.getByRole('list', { name: 'Signed decisions' });
  await expect(history.getByRole('listitem', { name: 'Version 1' })).toContainText(
    'Promote to 1 %',
  );
  await expect(history.getByRole('listitem', { name: 'Version 1' })).toContainText(
    'disagrees with the recommendation (Hold · score 0 (fail) · 4 of 7 checks judged)',
  );

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Decision record (JSON)' }).click();
  const file = await (await download).path();
  const record = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(record).toMatchObject({
    status: 'signed',
    decision: {
      action: 'promote',
      toStage: '1',
      conditions: ['Fix F-1 before 10 %'],
      disagreesWithRecommendation: true,
    },
    recommendation: { action: 'hold', score: 0 },
    findings: [{ ref: 'F-1', severity: 'blocker' }],
  });
  expect(record.goals.map((g: { outcome: string }) => g.outcome)).toEqual(['met', 'partly-met']);

  // The signed record as a JWS: the CLI verifies it with nothing but the served public keys.
  const jwsDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Signed decision record (JWS)' }).click();
  const jwsFile = await (await jwsDownload).path();
  const verify = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'ensemble.cjs'),
      'verify',
      jwsFile,
      '--jwks',
      `${host.origin}/api/keys`,
    ],
    { encoding: 'utf8' },
  );
  expect(verify.status, verify.stderr).toBe(0);
  expect(verify.stdout).toContain('Verified: signed by Dana');
  expect(verify.stdout).toContain('Decision: Promote to 1 %, version 1');

  const htmlDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Report (HTML)' }).click();
  const html = fs.readFileSync(await (await htmlDownload).path(), 'utf8');
  expect(html).toContain('New checkout — run');
  expect(html).toContain('Coupons are off for the internal tenant');
  expect(html).not.toMatch(/<script/i);

  // Printable in the browser: the report opens under its own policy, styled, once.
  const popup = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Printable report' }).click();
  const printable = await popup;
  await printable.waitForLoadState();
  expect(await printable.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('960px');
  expect((await request.get(printable.url())).status()).toBe(404); // used once

  // A pipeline gates on the same record: over HTTP with the token, and with the CLI.
  const gate = await request.get(`${host.origin}/api/sessions/${sessionId}/decision`, {
    headers: { Authorization: `Bearer ${host.token}` },
  });
  expect(gate.status()).toBe(200);
  expect(await gate.json()).toMatchObject({
    recordId: record.recordId,
    decision: { action: 'promote' },
  });
  expect((await request.get(`${host.origin}/api/sessions/${sessionId}/decision`)).status()).toBe(
    401,
  );
  const decisionCli = (...more: string[]) =>
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'ensemble.cjs'),
        'decision',
        '--data-dir',
        host.dataDir,
        '--session',
        sessionId,
        ...more,
      ],
      { encoding: 'utf8' },
    );
  const cli = decisionCli();
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  expect(cli.stdout).toContain('Promote to 1 %');
  expect(cli.stdout).toContain('Signed by Dana');

  // The gate answers with its status code, to the read-only pipeline token too: the signed
  // promote reaches 1 %, not 10 %; that token opens nothing else.
  const pipeline = { Authorization: `Bearer ${host.pipelineToken}` };
  const gateAt = (stage: string) =>
    request.get(`${host.origin}/api/sessions/${sessionId}/gate?expect=promote&stage=${stage}`, {
      headers: pipeline,
    });
  expect((await gateAt('1')).status()).toBe(200);
  expect((await gateAt('10')).status()).toBe(412);
  const other = await request.post(`${host.origin}/api/sessions.list`, {
    headers: pipeline,
    data: {},
  });
  expect(other.status()).toBe(403);
  expect(decisionCli('--expect-stage', '10').status).toBe(6);

  // The signature is on the session's timeline, with who signed.
  await page.getByRole('link', { name: /\bRun$/ }).click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
    'Decision signed by Dana: Promote to 1 % (version 1)',
  );
});
