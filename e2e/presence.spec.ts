import { expect, type Browser, type Page } from '@playwright/test';
import { test } from './fixtures';
import type { RunningHost } from './host';
import { prepareSession } from './runSetup';

/** A new browser (its own storage, as on another machine) opened on a personal link. */
async function openLink(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * Cleo takes notes in the first turn, Dev in the next one, each on their own link; the
 * facilitator's app (the host's token) runs the rotation.
 */
async function team(host: RunningHost, request: Parameters<typeof prepareSession>[0]) {
  const prepared = await prepareSession(request, host, {
    noteWriters: 'note-taker',
    rotationMinutes: 10,
  });
  const { call, sessionId, people } = prepared;
  const link = async (name: string) =>
    (await call('links.issue', { sessionId, participantId: people[name] })).url as string;
  const [cleoUrl, devUrl] = [await link('Cleo'), await link('Dev')];
  await call('run.start', { sessionId });
  return { ...prepared, cleoUrl, devUrl };
}

const notice = (page: Page) => page.getByRole('status').filter({ hasText: 'finishing a note' });

test('the next note-taker is told on their own screen while the last one finishes a note', async ({
  browser,
  host,
  request,
}) => {
  const { sessionId, people, call, cleoUrl, devUrl } = await team(host, request);
  const cleo = await openLink(browser, cleoUrl);
  const dev = await openLink(browser, devUrl);
  await expect(cleo.getByTestId('role-note-taker')).toHaveText('Cleo');
  const cleoBox = cleo.getByLabel('Note', { exact: true });
  await expect(cleoBox).toBeEnabled();
  await cleoBox.click();
  await cleo.keyboard.type('bug: the refund total is off');

  // The facilitator rotates while Cleo is mid-sentence.
  await call('run.rotate', { sessionId });
  await expect(dev.getByTestId('role-note-taker')).toHaveText('Dev');
  await expect(notice(dev)).toHaveText(
    'Cleo is finishing a note — you take notes once it is saved',
  );
  await expect(notice(cleo)).toHaveText(
    'You are finishing a note — Dev takes notes once it is saved',
  );

  // Dev may write meanwhile: his note is his.
  const devBox = dev.getByLabel('Note', { exact: true });
  await expect(devBox).toBeEnabled();
  await devBox.click();
  await dev.keyboard.type('obs: the refund page reloads twice');
  await dev.keyboard.press('Enter');
  await expect(dev.getByRole('listitem', { name: /reloads twice/ })).toContainText('you');
  await expect(notice(dev)).toHaveText(
    'Cleo is finishing a note — you take notes once it is saved',
  );

  await cleoBox.pressSequentially(' by one cent');
  await cleoBox.press('Enter');
  await expect(notice(cleo)).toHaveCount(0);
  await expect(notice(dev)).toHaveCount(0);
  await expect(dev.getByRole('listitem', { name: /off by one cent/ })).toContainText('Cleo');

  const { notes } = (await call('notes.timeline', { sessionId })) as {
    notes: Array<{ text: string; authorId: string }>;
  };
  const authorOf = (text: string) => notes.find((n) => n.text === text)?.authorId;
  expect(authorOf('the refund total is off by one cent')).toBe(people.Cleo);
  expect(authorOf('the refund page reloads twice')).toBe(people.Dev);
});

test('the notice goes when the page of the one finishing closes', async ({
  browser,
  host,
  request,
}) => {
  const { sessionId, call, cleoUrl, devUrl } = await team(host, request);
  const cleo = await openLink(browser, cleoUrl);
  const dev = await openLink(browser, devUrl);
  const cleoBox = cleo.getByLabel('Note', { exact: true });
  await expect(cleoBox).toBeEnabled();
  await cleoBox.click();
  await cleo.keyboard.type('q: why does the');
  await call('run.rotate', { sessionId });
  await expect(notice(dev)).toHaveText(
    'Cleo is finishing a note — you take notes once it is saved',
  );

  // Her laptop is shut: nobody is left waiting for a note that is not coming.
  await cleo.context().close();
  await expect(notice(dev)).toHaveCount(0);
});
