import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './host';

/** `npm run demo-tenant` as a real child process, pointed at a host's receivers. */
export async function startDemoTenant(
  ingest: string,
  rate = 4,
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const entry = path.join(ROOT, 'dist', 'demo-tenant', 'server.cjs');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const child = spawn(
    process.execPath,
    [entry, '--port', '0', '--ingest', ingest, '--rate', String(rate)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo tenant did not start:\n${out}`)), 15_000);
    child.stdout!.on('data', () => {
      const m = /Demo tenant running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`demo tenant exited with ${code}:\n${out}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
