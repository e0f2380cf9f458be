import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { WRITER_BUNDLE } from '../electron/host/feeds/store/writer';

/**
 * The feed writer thread's script, built as scripts/build-host.mjs builds it, inside the project
 * (so that it finds better-sqlite3 in node_modules). `script` is known at once (for it.each);
 * call `build()` in beforeAll and `remove()` in afterAll, then hand `script` to a pipeline or a
 * host as `writerScript`.
 */
export function writerBundle(name: string) {
  const dir = path.resolve('node_modules', '.cache', `ensemble-${name}-${process.pid}`);
  const script = path.join(dir, WRITER_BUNDLE);
  return {
    dir,
    script,
    build: () =>
      build({
        entryPoints: [path.resolve('electron/host/feeds/store/writerThread.ts')],
        outfile: script,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        logLevel: 'warning',
      }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
