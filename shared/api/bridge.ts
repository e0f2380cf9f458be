import type { ApiEnvelope } from './errors';
import type { ArgsOf, MethodName, ResultOf } from './contract';
import type { EventListener } from './events';

/**
 * What the Electron preload exposes as `window.ensemble`: one named function per API method
 * (each bound to its own IPC channel), an event subscription that returns its unsubscribe,
 * and nothing else.
 */
export type CaptureSource = {
  id: string;
  name: string;
  kind: 'screen' | 'window';
  thumbnail: string;
};

export type EnsembleBridge = {
  readonly api: {
    readonly [M in MethodName]: (args: ArgsOf<M>) => Promise<ApiEnvelope<ResultOf<M>>>;
  };
  readonly onEvent: (listener: EventListener) => () => void;
  readonly platform: string;
  /** OS integrations of the desktop app. */
  readonly desktop?: {
    /** Screens and windows that can be captured, with small previews. */
    readonly listCaptureSources: () => Promise<CaptureSource[]>;
    /** PNG of one source at full resolution; null if it is gone. */
    readonly captureSource: (id: string) => Promise<Uint8Array | null>;
    /** The small always-on-top window with the roles and the countdown. */
    readonly openMiniWindow: (sessionId: string) => Promise<void>;
    /** Prints a self-contained HTML report to PDF and asks where to save it. */
    readonly savePdf: (filename: string, html: string) => Promise<{ saved: boolean }>;
  };
};
