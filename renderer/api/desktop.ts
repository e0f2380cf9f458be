import type { CaptureSource, EnsembleBridge } from '../../shared/api/bridge';

const bridge: EnsembleBridge | undefined =
  typeof window === 'undefined' ? undefined : window.ensemble;

/** Desktop only: the screens and windows that can be captured. */
export const desktop = bridge?.desktop
  ? {
      sources: (): Promise<CaptureSource[]> => bridge.desktop!.listCaptureSources(),
      async capture(id: string): Promise<Blob> {
        const bytes = await bridge.desktop!.captureSource(id);
        if (!bytes) throw new Error('That screen or window is no longer there');
        return new Blob([bytes as BlobPart], { type: 'image/png' });
      },
      openMiniWindow: (sessionId: string) => bridge.desktop!.openMiniWindow(sessionId),
      savePdf: (filename: string, html: string) => bridge.desktop!.savePdf(filename, html),
    }
  : null;

/** The roles window: always on top in the desktop app, a pop-up window in a browser. */
export function openRolesWindow(sessionId: string): void {
  if (desktop) void desktop.openMiniWindow(sessionId);
  else window.open(`#/mini/${sessionId}`, 'ensemble-roles', 'popup,width=380,height=240');
}
