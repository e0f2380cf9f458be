import { expect, test } from './fixtures';
import type { RunningHost } from './host';
import { postInternalLogs, prepareSession } from './runSetup';

test.use({ hostArgs: ['--test-clock'] });

const MIN = 60_000;

/** INFO log records of the internal tenant at the given times. */
const sendLogs = (host: RunningHost, times: number[]) =>
  postInternalLogs(
    host,
    times.map((t) => ({
      timeUnixNano: `${t}000000`,
      severityText: 'INFO',
      body: { stringValue: 'checkout page served' },
    })),
  );

test('a session without data: the Decide view says Inconclusive and what is missing, and the decision defaults to hold', async ({
  page,
  request,
  host,
}) => {
  const { sessionId, call } = await prepareSession(request, host);
  await call('run.start', { sessionId });
  await call('run.end', { sessionId });

  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/decide`);
  const rec = page.getByRole('region', { name: 'Recommendation' });
  await expect(rec.getByRole('status')).toHaveText('Hold · inconclusive · 3 of 7 checks judged');
  const floor = rec.getByRole('row', { name: /Ran at least 15 min with events from the tenant/ });
  await expect(floor).toContainText('critical');
  await expect(floor).toContainText('Inconclusive');
  await expect(floor).toContainText(
    'Missing evidence: the session ran 0 s, less than the minimum of 15 min; no events from tenant “internal” arrived while it ran',
  );
  await expect(rec.getByRole('listitem').first()).toHaveText(
    /^Inconclusive: 3 critical checks lack the data to be judged; hold at Internal tenant/,
  );

  const sign = page.getByRole('form', { name: 'Sign the decision' });
  await expect(sign.getByLabel('Decision', { exact: true })).toHaveValue('hold');
  await expect(sign.getByLabel('To stage')).toHaveCount(0);
  await expect(sign.getByRole('note')).toHaveCount(0); // agrees with the recommendation
  await sign.getByLabel('Rationale').fill('Nothing reached the feeds; run it again');
  await sign.getByLabel('Signed by').fill('Dana');
  await sign.getByRole('button', { name: 'Sign the decision' }).click();
  const history = page.getByRole('list', { name: 'Signed decisions' });
  await expect(history.getByRole('listitem', { name: 'Version 1' })).toContainText(
    'Hold at Internal tenant',
  );
  const gate = await request.get(`${host.origin}/api/sessions/${sessionId}/decision`, {
    headers: { Authorization: `Bearer ${host.token}` },
  });
  expect(await gate.json()).toMatchObject({
    decision: { action: 'hold' },
    recommendation: { action: 'hold', verdict: 'inconclusive', score: null },
  });
});

test('with evidence the recommendation promotes and the form follows it; a higher minimum takes it back to hold', async ({
  page,
  request,
  host,
}) => {
  const { sessionId, goals, call } = await prepareSession(request, host);
  const hostNow = async () => (await call('run.state', { sessionId })).hostNow as number;
  const t0 = await hostNow();
  await sendLogs(host, [t0 - 10 * MIN, t0 - 5 * MIN]); // the baseline
  await call('run.start', { sessionId });
  await call('dev.advanceClock', { ms: 16 * MIN });
  const t1 = await hostNow();
  await sendLogs(host, [t1 - 8 * MIN, t1 - 2 * MIN]);
  await call('run.end', { sessionId });
  for (const goalId of Object.values(goals))
    await call('debrief.setOutcome', { sessionId, goalId, outcome: 'met', reason: '' });

  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/decide`);
  const rec = page.getByRole('region', { name: 'Recommendation' });
  await expect(rec.getByRole('status')).toHaveText(
    'Promote to 1 % · score 100 (pass) · 7 of 7 checks judged',
  );
  await expect(
    rec.getByRole('row', { name: /Ran at least 15 min with events from the tenant/ }),
  ).toContainText('Ran 16 min (minimum 15 min), 2 events from tenant “internal”');
  const sign = page.getByRole('form', { name: 'Sign the decision' });
  await expect(sign.getByLabel('Decision', { exact: true })).toHaveValue('promote');
  await expect(sign.getByLabel('To stage')).toHaveValue('1');

  // The minimum running time is edited with the other thresholds.
  const minimum = page.getByLabel('Minimum running time (minutes)');
  await minimum.fill('30');
  await minimum.blur();
  await expect(rec.getByRole('status')).toHaveText('Hold · inconclusive · 6 of 7 checks judged');
  await expect(
    rec.getByRole('row', { name: /Ran at least 30 min with events from the tenant/ }),
  ).toContainText('the session ran 16 min, less than the minimum of 30 min');
  await expect(sign.getByLabel('Decision', { exact: true })).toHaveValue('hold');
});
