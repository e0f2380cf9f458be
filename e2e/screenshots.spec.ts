import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './host';
import { pasteImage, startedRun } from './runSetup';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
  fs.rmSync(host.dataDir, { recursive: true, force: true });
});

test('a pasted screenshot is redacted with a solid box; only the redacted image is stored and shown', async ({
  page,
  request,
}) => {
  const { sessionId, call } = await startedRun(page, request, host);
  const note = page.getByLabel('Note', { exact: true });
  await expect(note).toBeEnabled();
  await note.focus();

  // Paste a 400×200 PNG: red on the left, a blue "secret" block on the right.
  await pasteImage(page, '#ff0000', '#0000ff');

  const editor = page.getByRole('dialog', { name: 'Redact and attach the screenshot' });
  const canvas = editor.getByLabel('Screenshot: drag to cover a region');
  await expect(canvas).toBeVisible();
  const box = (await canvas.boundingBox())!;
  // Cover the right (blue, "secret") half.
  await page.mouse.move(box.x + box.width * 0.5, box.y + 1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width - 1, box.y + box.height - 1, { steps: 5 });
  await page.mouse.up();
  await expect(editor.getByText('1 region covered')).toBeVisible();
  await editor.getByRole('button', { name: 'Attach screenshot' }).click();
  await expect(page.getByLabel('Attached screenshot')).toBeVisible();
  await note.fill('bug: card number visible on the receipt');
  await note.press('Enter');

  const item = page.getByRole('listitem', { name: 'Bug: card number visible on the receipt' });
  await expect(item.getByRole('img', { name: 'Screenshot attached to the note' })).toBeVisible();

  // What the host stored: the right half is solid black, the left half still red.
  const timeline = await call('notes.timeline', { sessionId });
  const hash = timeline.notes[0].screenshot as string;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const stored = await request.get(`${host.origin}/api/screenshots/${sessionId}/${hash}`, {
    headers: { Authorization: `Bearer ${host.token}` },
  });
  expect(stored.headers()['content-type']).toBe('image/png');
  const pixels = await page.evaluate(
    async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data];
      return {
        size: [bitmap.width, bitmap.height],
        left: at(50, 100),
        right: at(300, 100),
        corner: at(390, 190),
      };
    },
    Buffer.from(await stored.body()).toString('base64'),
  );
  expect(pixels.size).toEqual([400, 200]);
  expect(pixels.left).toEqual([255, 0, 0, 255]);
  expect(pixels.right).toEqual([0, 0, 0, 255]);
  expect(pixels.corner).toEqual([0, 0, 0, 255]);

  // The thumbnail opens the full image.
  await item.getByRole('button', { name: 'Open screenshot' }).click();
  await expect(page.getByRole('dialog', { name: 'Screenshot' }).getByRole('img')).toBeVisible();
});

test('other image types are refused with a message; the roles mini view shows who drives', async ({
  page,
  request,
}) => {
  const { sessionId } = await startedRun(page, request, host);
  await expect(page.getByLabel('Note', { exact: true })).toBeEnabled();
  await page.getByLabel('Screenshot file').setInputFiles({
    name: 'anim.gif',
    mimeType: 'image/gif',
    buffer: Buffer.from('GIF89a\x01\x00\x01\x00'),
  });
  await expect(
    page.getByRole('alert').filter({ hasText: 'Only PNG, JPEG and WebP images can be attached' }),
  ).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.goto(`${host.origin}/#/mini/${sessionId}`);
  await expect(page.getByTestId('mini-driver')).toHaveText('Ana');
  await expect(page.getByLabel('Turn time left')).toHaveText(/^0:\d\d$/);
});
