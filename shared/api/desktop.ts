import { z } from 'zod';
import { Id } from '../domain/common';
import type { DesktopChannel } from './channels';

export const CaptureSource = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['screen', 'window']),
  /** A small preview as a data: URL. */
  thumbnail: z.string(),
});
export type CaptureSource = z.infer<typeof CaptureSource>;

/** The desktop side channels: what the page may ask of the OS, and what it gets back. */
export type DesktopApi = {
  /** Screens and windows that can be captured, with small previews. */
  listCaptureSources(): Promise<CaptureSource[]>;
  /** PNG of one source at full resolution; null if it is gone. */
  captureSource(id: string): Promise<Uint8Array | null>;
  /** The small always-on-top window with the roles and the countdown. */
  openMiniWindow(sessionId: string): Promise<void>;
  /** Prints a self-contained HTML report to PDF and asks where to save it. */
  savePdf(filename: string, html: string): Promise<{ saved: boolean }>;
};

/** Each side channel's arguments, checked in the main process before its handler runs. */
export const DESKTOP_ARGS = {
  listCaptureSources: z.tuple([]),
  captureSource: z.tuple([z.string().min(1).max(200)]),
  openMiniWindow: z.tuple([Id]),
  savePdf: z.tuple([z.string().max(500), z.string().max(100 * 1024 * 1024)]),
} as const satisfies {
  [K in DesktopChannel]: z.ZodType<Parameters<DesktopApi[K]>>;
};

/** What a refused call (wrong sender, bad arguments) answers: the same as "nothing there". */
export const DESKTOP_REFUSED: { [K in DesktopChannel]: Awaited<ReturnType<DesktopApi[K]>> } = {
  listCaptureSources: [],
  captureSource: null,
  openMiniWindow: undefined,
  savePdf: { saved: false },
};
