import { spawn, type ChildProcess } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles a small TypeScript program (importing our real modules by absolute path, see
 * REPO_ROOT) for a child process, for
 * tests that need a second process: a second host, a process killed while holding something,
 * or another user. Dependencies stay in node_modules, found through NODE_PATH.
 */
export function spawnProgram(
  source: string,
  args: string[],
  options: { uid?: number; gid?: number } = {},
): ChildProcess & { output: () => string } {
  const { outfile, dir } = buildProgram(source);
  const child = spawn(process.execPath, [outfile, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: PROGRAM_ENV,
    ...options,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return Object.assign(child, { output: () => out });
}

/** The environment a built program runs in: our dependencies found through NODE_PATH. */
export const PROGRAM_ENV = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };

/** Bundles `source` into `dir/program.cjs`, readable by any user; remove `dir` when done. */
export function buildProgram(source: string): { outfile: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-child-'));
  fs.chmodSync(dir, 0o755);
  const entry = path.join(dir, 'program.ts');
  fs.writeFileSync(entry, source);
  const outfile = path.join(dir, 'program.cjs');
  try {
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
  } finally {
    fs.rmSync(entry, { force: true });
  }
  fs.chmodSync(outfile, 0o644);
  return { outfile, dir };
}

/** Resolves when the child has printed `text` (rejects if it exits first). */
export function waitForOutput(child: ChildProcess & { output: () => string }, text: string) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (child.output().includes(text)) {
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) =>
      child.output().includes(text)
        ? resolve()
        : reject(new Error(`exited ${code}: ${child.output()}`)),
    );
    check();
  });
}

/** Resolves with the exit code once the child has exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export { ROOT as REPO_ROOT };
