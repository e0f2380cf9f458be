import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../../test-support/tempHost';
import { INGEST_KEY_FILE, IngestKeyError, loadOrCreateIngestKey } from './ingestKey';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the ingest key', () => {
  it('is made once per data folder (0600), fits a Sentry DSN, and is replaced on request', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = loadOrCreateIngestKey(dir);
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(loadOrCreateIngestKey(dir)).toBe(first);
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dir, INGEST_KEY_FILE)).mode & 0o777).toBe(0o600);
    const rotated = loadOrCreateIngestKey(dir, { rotate: true });
    expect(rotated).not.toBe(first);
    expect(loadOrCreateIngestKey(dir)).toBe(rotated);
  });

  it('takes ENSEMBLE_INGEST_KEY only when a DSN could carry it', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    expect(loadOrCreateIngestKey(dir, { override: 'script_key_0123456789' })).toBe(
      'script_key_0123456789',
    );
    for (const bad of ['short', 'has-dash-0123456789', 'has space 0123456789'])
      expect(() => loadOrCreateIngestKey(dir, { override: bad })).toThrow(IngestKeyError);
  });
});
