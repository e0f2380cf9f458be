import { BrowserWindow, desktopCapturer, dialog, screen } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DesktopHandlers } from './ipc';
import { openMiniWindow } from './window';

/** OS integrations: screen and window capture, the always-on-top mini window, PDF. */
export const desktopHandlers: DesktopHandlers = {
  async listCaptureSources() {
    const sources = await desktopCapturer.getSources({
      types: ['screen', 'window'],
      thumbnailSize: { width: 320, height: 200 },
    });
    return sources
      .filter((s) => !s.name.startsWith('Ensemble'))
      .map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.id.startsWith('screen:') ? ('screen' as const) : ('window' as const),
        thumbnail: s.thumbnail.toDataURL(),
      }));
  },

  async captureSource(_event, id) {
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

  async openMiniWindow(_event, sessionId) {
    openMiniWindow(sessionId);
  },

  async savePdf(event, filename, html) {
    const owner = BrowserWindow.fromWebContents(event.sender) ?? undefined;
    const target = await dialog.showSaveDialog(owner!, {
      defaultPath: path.basename(filename).replace(/[^\w.-]+/g, '-'),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    if (target.canceled || !target.filePath) return { saved: false };
    fs.writeFileSync(target.filePath, await printToPdf(html));
    return { saved: true };
  },
};

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
