// Bundles the host entries into dist/electron/*.cjs. Dependencies stay in node_modules
// (better-sqlite3 is native); the sandboxed preload is bundled whole, as it must be.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  outExtension: { '.js': '.cjs' },
  outdir: 'dist/electron',
};

await build({
  ...common,
  entryPoints: { main: 'electron/main.ts', web: 'electron/web.ts' },
  packages: 'external',
  external: ['electron'],
});
await build({
  ...common,
  entryPoints: { preload: 'electron/preload.ts' },
  external: ['electron'],
});
await build({
  ...common,
  outdir: 'dist/demo-tenant',
  entryPoints: { server: 'demo-tenant/server.ts' },
  packages: 'external',
});
await build({
  ...common,
  outdir: 'dist/bench',
  entryPoints: { ingest: 'scripts/bench-ingest.ts' },
  packages: 'external',
});
console.log('host built → dist/electron/{main,web,preload}.cjs, dist/demo-tenant/server.cjs');
