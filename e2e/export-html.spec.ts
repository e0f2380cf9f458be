import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import MarkdownIt from 'markdown-it';
import { renderExport } from '../electron/host/exports';
import type { ReportModel } from '../shared/domain/record';
import { HOSTILE_SNIPPETS, hostileReportModels } from '../test-support/hostileReport';
import { fixtureModel } from '../test-support/reportFixture';

test('the HTML report opens offline: nothing fetched, no script errors, every section readable and printable', async ({
  page,
}, testInfo) => {
  const file = testInfo.outputPath('report.html');
  fs.writeFileSync(file, renderExport('html', fixtureModel).content);
  const url = pathToFileURL(file).href;
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) fetched.push(r.url());
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(url);
  await expect(page).toHaveTitle('Decision record: Checkout v2 on the internal tenant');
  for (const name of [
    'Scope',
    'Decision',
    'Recommendation',
    'Goals',
    'Findings',
    'Debrief',
    'Metrics',
    'Feed gaps',
    'Redactions',
  ])
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  await expect(page.getByText('Promote to 10 %', { exact: true })).toBeVisible();
  await expect(page.getByText('This decision differs from the recommendation')).toBeVisible();

  const blocker = page.getByRole('article', {
    name: 'F-1 Order confirmation hangs after 3-D Secure',
  });
  await expect(blocker.getByText('Blocker', { exact: true })).toBeVisible();
  const shot = blocker.getByRole('img', { name: 'Confirmation page still spinning after 3DS' });
  await expect(shot).toBeVisible();
  expect(await shot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
  // Text typed into the app is shown, not run.
  await expect(page.getByText("<script>alert('x')</script>", { exact: false })).toBeVisible();
  for (const chart of [
    'Errors per minute, baseline then session',
    'Time per goal',
    'Notes by type',
    'Notes by person',
  ])
    await expect(page.getByRole('img', { name: chart })).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath('report.png'), fullPage: true });

  // On paper: white pages, each main section starting a new one.
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => ({
    body: getComputedStyle(document.body).backgroundColor,
    th: getComputedStyle(document.querySelector('th')!).backgroundColor,
    breaks: [...document.querySelectorAll('h2')].map((h) => getComputedStyle(h).breakBefore),
  }));
  expect(print.body).toBe('rgb(255, 255, 255)');
  expect(print.th).toBe('rgb(255, 255, 255)');
  expect(print.breaks.filter((b) => b === 'page').length).toBeGreaterThanOrEqual(5);
  const pdf = await page.pdf({ path: testInfo.outputPath('report.pdf'), format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  expect(fetched).toEqual([]);
  expect(problems).toEqual([]);
});

test('hostile text in every field stays text in Chromium: the HTML report and the Markdown exports rendered by markdown-it', async ({
  page,
}, testInfo) => {
  const { hostile, plain } = hostileReportModels();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const commonMark = new MarkdownIt({ html: true });
  const pages = (model: ReportModel) => [
    renderExport('html', model).content,
    ...(['md', 'issues'] as const).map(
      (f) =>
        `<!doctype html><title>${f}</title>${commonMark.render(renderExport(f, model).content)}`,
    ),
  ];
  const open = async (content: string, name: string) => {
    const file = testInfo.outputPath(name);
    fs.writeFileSync(file, content);
    await page.goto(pathToFileURL(file).href);
    return page.evaluate(() => ({
      elements: [...document.querySelectorAll('*')].map((e) => e.tagName),
      handlers: [...document.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ),
      text: document.body.innerText.replace(/\s+/g, ' '),
    }));
  };
  const plainPages = pages(plain);
  const hostilePages = pages(hostile);
  for (const [i, name] of ['report.html', 'report.md.html', 'issues.md.html'].entries()) {
    const twin = await open(plainPages[i]!, `plain-${name}`);
    const seen = await open(hostilePages[i]!, `hostile-${name}`);
    expect(seen.elements, name).toEqual(twin.elements);
    expect(seen.handlers, name).toEqual([]);
    for (const snippet of HOSTILE_SNIPPETS) expect(seen.text, name).toContain(snippet);
  }
  expect(dialogs).toEqual([]);
});
