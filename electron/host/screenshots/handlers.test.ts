import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../test-support/runFixture';
import { startWebServer, type WebServer } from '../web/server';
import { PNG_1x1 } from '../../../test-support/images';

const TOKEN = 'screenshot-token-0123456789abcdefghijk';
let fx: Awaited<ReturnType<typeof runFixture>>;
let server: WebServer;
let base: string;
beforeEach(async () => {
  fx = await runFixture();
  server = await startWebServer({
    host: fx.host,
    hostname: '127.0.0.1',
    port: 0,
    token: TOKEN,
    staticDir: null,
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(async () => {
  await server.close();
  fx.host.dispose();
});

type Body = {
  result: { hash: string; mime: string; width: number; height: number; bytes: number };
  error: { message: string };
};
const json = async (res: Response) => (await res.json()) as Body;

const upload = (body: Buffer, token = TOKEN) =>
  fetch(`${base}/api/screenshots.upload?sessionId=${fx.sessionId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
    body,
  });

describe('screenshots', () => {
  it('are refused before the session runs', async () => {
    const res = await upload(PNG_1x1);
    expect(res.status).toBe(409);
  });

  it('store the image under its content hash and serve it back to token holders only', async () => {
    await fx.host.call('run.start', { sessionId: fx.sessionId });
    const res = await upload(PNG_1x1);
    expect(res.status).toBe(200);
    const { result } = await json(res);
    expect(result).toMatchObject({ mime: 'image/png', width: 1, height: 1, bytes: PNG_1x1.length });
    expect(fs.existsSync(path.join(fx.host.dataDir, 'screenshots', `${result.hash}.png`))).toBe(
      true,
    );
    // The same bytes again: one file.
    expect((await json(await upload(PNG_1x1))).result.hash).toBe(result.hash);
    expect(fs.readdirSync(path.join(fx.host.dataDir, 'screenshots'))).toHaveLength(1);

    const url = `${base}/api/screenshots/${fx.sessionId}/${result.hash}`;
    expect((await fetch(url)).status).toBe(401);
    const image = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG_1x1)).toBe(true);
    expect(
      (
        await fetch(`${base}/api/screenshots/${fx.sessionId}/${'0'.repeat(64)}`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        })
      ).status,
    ).toBe(404);
  });

  it('refuse other types with a message, and anything over 20 MB', async () => {
    await fx.host.call('run.start', { sessionId: fx.sessionId });
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00'));
    expect(gif.status).toBe(400);
    expect((await json(gif)).error.message).toBe('Only PNG, JPEG and WebP images can be attached');
    const huge = Buffer.concat([PNG_1x1, Buffer.alloc(20 * 1024 * 1024)]);
    const big = await upload(huge);
    expect(big.status).toBe(413);
    expect((await json(big)).error.message).toBe('Screenshots are limited to 20 MB');
    expect(fs.existsSync(path.join(fx.host.dataDir, 'screenshots'))).toBe(false);
  });

  it('can be attached to a note only once uploaded', async () => {
    const start = await fx.host.call('run.start', { sessionId: fx.sessionId });
    const op = fx.noteOp(fx.people.Ana!, 'see screenshot', start.hostNow);
    if (op.kind === 'note.create') op.note.screenshot = 'a'.repeat(64);
    const refused = await fx.host.call('notes.apply', { sessionId: fx.sessionId, ops: [op] });
    expect(refused.results[0]).toMatchObject({
      status: 'rejected',
      error: 'The screenshot of this note has not been uploaded',
    });
    const { result } = await json(await upload(PNG_1x1));
    const ok = fx.noteOp(fx.people.Ana!, 'see screenshot', start.hostNow);
    if (ok.kind === 'note.create') ok.note.screenshot = result.hash;
    const applied = await fx.host.call('notes.apply', { sessionId: fx.sessionId, ops: [ok] });
    expect(applied.notes[0]!.screenshot).toBe(result.hash);
  });
});
