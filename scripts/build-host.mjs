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
  // The feed writer runs on a worker thread from its own file, next to the bundle that starts it.
  entryPoints: {
    main: 'electron/main.ts',
    web: 'electron/web.ts',
    cli: 'electron/cli.ts',
    'feed-writer': 'electron/host/feeds/store/writerThread.ts',
  },
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
  entryPoints: {
    ingest: 'scripts/bench-ingest.ts',
    import: 'scripts/bench-import.ts',
    refusals: 'scripts/bench-refusals.ts',
    hostile: 'scripts/bench-hostile.ts',
    local: 'scripts/bench-local.ts',
    contention: 'scripts/bench-contention.ts',
    ui: 'scripts/bench-ui.ts',
    soak: 'scripts/soak.ts',
    'feed-writer': 'electron/host/feeds/store/writerThread.ts',
  },
  packages: 'external',
});
console.log(
  'host built → dist/electron/{main,web,cli,preload,feed-writer}.cjs, dist/demo-tenant/server.cjs',
);
