import { expect, type APIRequestContext, type Page } from '@playwright/test';

import type { RunningHost } from './host';

/** A prepared session created through the public API, as a script would. */
export async function prepareSession(
  request: APIRequestContext,
  host: RunningHost,
  options: {
    people?: string[];
    goals?: string[];
    rotationMinutes?: number;
    noteWriters?: string;
    title?: string;
  } = {},
) {
  const auth = { Authorization: `Bearer ${host.token}` };
  const call = async (method: string, data: unknown) => {
    const res = await request.post(`${host.origin}/api/${method}`, { headers: auth, data });
    const body = await res.json();
    if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const { session } = await call('sessions.create', {
    title: options.title ?? 'New checkout — run',
    rotationMinutes: options.rotationMinutes ?? 1,
    noteWriters: options.noteWriters ?? 'everyone',
    timeboxMinutes: 30,
  });
  const people: Record<string, string> = {};
  for (const name of options.people ?? ['Ana', 'Ben', 'Cleo', 'Dev']) {
    people[name] = (
      await call('participants.add', { sessionId: session.id, name, function: 'engineering' })
    ).id;
  }
  const goals: Record<string, string> = {};
  for (const title of options.goals ?? ['Pay by card', 'Refund a partial order']) {
    goals[title] = (await call('goals.add', { sessionId: session.id, title, priority: 'must' })).id;
  }
  return { sessionId: session.id as string, people, goals, call };
}

export async function openRun(page: Page, host: RunningHost, sessionId: string) {
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/run`);
}

/** A prepared session, started through the API and open in the Run view. */
export async function startedRun(page: Page, request: APIRequestContext, host: RunningHost) {
  const prepared = await prepareSession(request, host);
  await prepared.call('run.start', { sessionId: prepared.sessionId });
  await openRun(page, host, prepared.sessionId);
  return prepared;
}

/** Type a note with the keyboard only: focus with Ctrl/Cmd+K, type, Enter. */
export async function typeNote(page: Page, text: string) {
  // The bar is disabled until the run is loaded and someone may write.
  await expect(page.getByLabel('Note', { exact: true })).toBeEnabled();
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A new session made in the UI, as a facilitator would, with people to rotate. */
export async function createSessionInUi(page: Page, title: string, people = ['Ana', 'Ben']) {
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('dialog').getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create and prepare' }).click();
  for (const name of people) {
    const form = page.getByRole('form', { name: 'Add participant' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
  }
}

/** In Prepare: run the pre-flight and override what blocks Start, as the facilitator would. */
export async function overridePreflight(page: Page, reason: string, by?: string) {
  await page.getByRole('button', { name: 'Run pre-flight' }).click();
  const form = page.getByRole('form', { name: 'Override the pre-flight' });
  if (by) await form.getByLabel('Overridden by').selectOption({ label: by });
  await form.getByLabel('Reason for the override').fill(reason);
  await form.getByRole('button', { name: 'Override and allow Start' }).click();
  await expect(page.getByRole('note').filter({ hasText: `: ${reason}` })).toBeVisible();
}

/** Log records of the internal tenant, as an OpenTelemetry exporter posts them (OTLP/HTTP JSON). */
export async function postInternalLogs(host: RunningHost, logRecords: object[], service?: string) {
  const attributes = [{ key: 'tenant.id', value: { stringValue: 'internal' } }];
  if (service) attributes.push({ key: 'service.name', value: { stringValue: service } });
  const res = await fetch(`${host.ingest}/v1/logs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes },
          scopeLogs: [{ logRecords }],
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
}

/** Messages of the internal tenant, as log records timed so many seconds ago (now by default). */
export async function sendTenantLogs(
  host: RunningHost,
  records: Array<{ message: string; level?: string; secondsAgo?: number }>,
  service?: string,
) {
  const now = Date.now();
  await postInternalLogs(
    host,
    records.map((r) => ({
      timeUnixNano: `${now - (r.secondsAgo ?? 0) * 1000}000000`,
      severityText: r.level ?? 'INFO',
      body: { stringValue: r.message },
    })),
    service,
  );
}

/** Paste a 400×200 PNG into the focused field, its halves filled with the two colours given. */
export async function pasteImage(page: Page, left: string, right: string) {
  await page.evaluate(
    async ([l, r]) => {
      const c = document.createElement('canvas');
      c.width = 400;
      c.height = 200;
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = l!;
      ctx.fillRect(0, 0, 200, 200);
      ctx.fillStyle = r!;
      ctx.fillRect(200, 0, 200, 200);
      const blob = await new Promise<Blob>((done) => c.toBlob((b) => done(b!), 'image/png'));
      const data = new DataTransfer();
      data.items.add(new File([blob], 'paste.png', { type: 'image/png' }));
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    [left, right],
  );
}
