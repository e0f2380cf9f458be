import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import {
  loadOrCreatePipelineToken,
  loadOrCreateToken,
  PIPELINE_TOKEN_FILE,
  TOKEN_FILE,
} from './token';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('loadOrCreateToken', () => {
  it('keeps one private token per data folder across restarts, and rotates on request', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = loadOrCreateToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loadOrCreateToken(dir)).toBe(first);
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    const rotated = loadOrCreateToken(dir, { rotate: true });
    expect(rotated).not.toBe(first);
    expect(loadOrCreateToken(dir)).toBe(rotated);
    expect(loadOrCreateToken(dir, { override: 'from-env' })).toBe('from-env');
  });

  it('replaces a damaged token file', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, TOKEN_FILE), 'short');
    expect(loadOrCreateToken(dir)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('loadOrCreatePipelineToken', () => {
  it('keeps a private, recognisable read-only token beside the full one, never equal to it', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const full = loadOrCreateToken(dir);
    const pipeline = loadOrCreatePipelineToken(dir, full);
    expect(pipeline).toMatch(/^ens_ro_[A-Za-z0-9_-]{32}$/);
    expect(loadOrCreatePipelineToken(dir, full)).toBe(pipeline);
    expect(loadOrCreateToken(dir)).toBe(full);
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dir, PIPELINE_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreatePipelineToken(dir, full, { rotate: true })).not.toBe(pipeline);
    expect(() => loadOrCreatePipelineToken(dir, full, { override: full })).toThrow(/differ/);
  });
});
