import { BrowserWindow, desktopCapturer, dialog, ipcMain, screen } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureSource } from '../shared/api/bridge';
import { DESKTOP_CHANNELS } from '../shared/api/methods';
import { isTrustedSender } from './ipc';
import { openMiniWindow } from './window';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** OS integrations: screen and window capture, and the always-on-top mini window. */
export function setupDesktop(): void {
  ipcMain.handle(DESKTOP_CHANNELS.sources, async (event): Promise<CaptureSource[]> => {
    if (!isTrustedSender(event.senderFrame)) return [];
    const sources = await desktopCapturer.getSources({
      types: ['screen', 'window'],
      thumbnailSize: { width: 320, height: 200 },
    });
    return sources
      .filter((s) => !s.name.startsWith('Ensemble'))
      .map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.id.startsWith('screen:') ? 'screen' : 'window',
        thumbnail: s.thumbnail.toDataURL(),
      }));
  });

  ipcMain.handle(
    DESKTOP_CHANNELS.capture,
    async (event, id: unknown): Promise<Uint8Array | null> => {
      if (!isTrustedSender(event.senderFrame) || typeof id !== 'string' || id.length > 200)
        return null;
      // The largest display at its pixel density: a thumbnail that size is a full screenshot.
      const largest = screen
        .getAllDisplays()
        .reduce(
          (a, d) =>
            d.size.width * d.scaleFactor > a.width
              ? { width: d.size.width * d.scaleFactor, height: d.size.height * d.scaleFactor }
              : a,
          { width: 0, height: 0 },
        );
      const sources = await desktopCapturer.getSources({
        types: ['screen', 'window'],
        thumbnailSize: largest,
      });
      const source = sources.find((s) => s.id === id);
      return source ? new Uint8Array(source.thumbnail.toPNG()) : null;
    },
  );

  ipcMain.handle(DESKTOP_CHANNELS.mini, (event, sessionId: unknown) => {
    if (
      !isTrustedSender(event.senderFrame) ||
      typeof sessionId !== 'string' ||
      !ULID.test(sessionId)
    )
      return;
    openMiniWindow(sessionId);
  });

  ipcMain.handle(
    DESKTOP_CHANNELS.savePdf,
    async (event, filename: unknown, html: unknown): Promise<{ saved: boolean }> => {
      if (
        !isTrustedSender(event.senderFrame) ||
        typeof filename !== 'string' ||
        typeof html !== 'string' ||
        html.length > 100 * 1024 * 1024
      )
        return { saved: false };
      const owner = BrowserWindow.fromWebContents(event.sender) ?? undefined;
      const target = await dialog.showSaveDialog(owner!, {
        defaultPath: path.basename(filename).replace(/[^\w.-]+/g, '-'),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (target.canceled || !target.filePath) return { saved: false };
      fs.writeFileSync(target.filePath, await printToPdf(html));
      return { saved: true };
    },
  );
}

/** The report in a hidden window with no script and no network (its own CSP), printed to PDF. */
async function printToPdf(html: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-pdf-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      javascript: false,
      nodeIntegration: false,
    },
  });
  try {
    await win.loadFile(file);
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
