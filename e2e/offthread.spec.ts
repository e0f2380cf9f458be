import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startHost } from './host';
import { startedRun, typeNote } from './runSetup';

/** The `notes.apply` requests a thread made, as its Resource Timing saw them. */
const applied = () =>
  performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/notes.apply'))
    .length;

test("notes are written and sent from the outbox's workers, not the page's main thread", async ({
  page,
  request,
}) => {
  const host = await startHost();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('[ensemble]')) warnings.push(m.text());
  });
  try {
    const { sessionId } = await startedRun(page, request, host);
    await typeNote(page, 'sent from the call worker');
    await typeNote(page, 'and this one too');
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved');

    const names = page.workers().map((w) => w.url());
    expect(names.some((u) => u.includes('opsWriter'))).toBe(true);
    const caller = page.workers().find((w) => w.url().includes('callWorker'));
    expect(caller).toBeDefined();
    expect(await caller!.evaluate(applied)).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(applied)).toBe(0);
    // Neither worker fell back to the page.
    expect(warnings).toEqual([]);

    const res = await request.post(`${host.origin}/api/notes.timeline`, {
      headers: { Authorization: `Bearer ${host.token}` },
      data: { sessionId },
    });
    const texts = (await res.json()).result.notes.map((n: { text: string }) => n.text).sort();
    expect(texts).toEqual(['and this one too', 'sent from the call worker']);
  } finally {
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
});
