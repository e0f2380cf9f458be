import crypto from 'node:crypto';
import { loadOrCreateSecret } from '../../web/token';

export const INGEST_KEY_FILE = 'ingest-key';
/** Sentry SDKs read a DSN's public key as `\w+`: the key is hex, and an override must fit too. */
export const INGEST_KEY_FORMAT = /^\w{16,200}$/;

export class IngestKeyError extends Error {}

/**
 * The install's ingest key: made once and kept in the data folder (`ingest-key`, mode 0600);
 * `rotate` (--new-ingest-key) replaces it, ENSEMBLE_INGEST_KEY overrides it for scripts.
 */
export function loadOrCreateIngestKey(
  dataDir: string,
  options: { rotate?: boolean; override?: string } = {},
): string {
  if (options.override && !INGEST_KEY_FORMAT.test(options.override))
    throw new IngestKeyError(
      'ENSEMBLE_INGEST_KEY must be 16 to 200 letters, digits or underscores (a Sentry DSN key)',
    );
  return loadOrCreateSecret(
    dataDir,
    INGEST_KEY_FILE,
    () => crypto.randomBytes(20).toString('hex'),
    INGEST_KEY_FORMAT,
    options,
  );
}

/** How senders present the key, printed at start-up when remote access is on. */
export function ingestKeyInstructions(key: string): string {
  return [
    `Ingest key (required from other machines; the Sentry DSN above carries it): ${key}`,
    `  OpenTelemetry: OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${key}`,
  ].join('\n');
}
