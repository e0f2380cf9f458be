import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_ENTRY = path.join(ROOT, 'dist', 'electron', 'web.cjs');

export type RunningHost = {
  url: string;
  origin: string;
  token: string;
  /** The read-only token for pipelines (gate, decision record, schema). */
  pipelineToken: string;
  /** Base URL of the OTLP / Sentry receivers. */
  ingest: string | null;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-e2e-'));
}

/** Start the built web-mode host as a real child process and wait for its printed URL. */
export async function startHost(
  options: { dataDir?: string; port?: number; ingestPort?: number; args?: string[] } = {},
): Promise<RunningHost> {
  if (!fs.existsSync(WEB_ENTRY))
    throw new Error(`${WEB_ENTRY} is missing: run npm run build first`);
  const dataDir = options.dataDir ?? newDataDir();
  const child = spawn(
    process.execPath,
    [
      WEB_ENTRY,
      '--port',
      String(options.port ?? 0),
      '--ingest-port',
      String(options.ingestPort ?? 0),
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ENSEMBLE_TOKEN: '' },
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 15_000);
    const check = () => {
      // "Data folder:" is the last line printed at start-up; the URLs come before it.
      const m = /Ensemble running at (\S+)/.exec(out);
      if (m && out.includes('Data folder:')) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  const parsed = new URL(url);
  const ingest = /OTLP logs (http:\/\/\S+)\/v1\/logs/.exec(out)?.[1] ?? null;
  return {
    url,
    ingest,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    pipelineToken: /Pipeline token \(read-only[^)]*\): (\S+)/.exec(out)?.[1] ?? '',
    dataDir,
    process: child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
