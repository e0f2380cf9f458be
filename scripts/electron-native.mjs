// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving the Node build in
// node_modules untouched (tests, web mode and the CLI keep working). The desktop shell loads
// it through better-sqlite3's `nativeBinding` option. Runs only when the file is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronVersion = require('electron/package.json').version;
const outDir = path.join(root, '.electron-native');
const target = path.join(outDir, `better_sqlite3-electron-${electronVersion}.node`);

if (fs.existsSync(target)) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
// Inside the project, so the copy resolves prebuild-install and node-gyp from our node_modules.
const work = path.join(outDir, 'build', 'node_modules', 'better-sqlite3');
fs.rmSync(path.join(outDir, 'build'), { recursive: true, force: true });
fs.cpSync(source, work, {
  recursive: true,
  filter: (p) => !p.includes(`${path.sep}build${path.sep}`),
});

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
const env = {
  ...process.env,
  npm_config_runtime: 'electron',
  npm_config_target: electronVersion,
  npm_config_disturl: 'https://electronjs.org/headers',
};
try {
  execFileSync(
    'npx',
    ['--no-install', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion],
    {
      cwd: work,
      env,
      stdio: 'inherit',
    },
  );
} catch {
  execFileSync(
    'npm',
    [
      'exec',
      '--',
      'node-gyp',
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    {
      cwd: work,
      env,
      stdio: 'inherit',
    },
  );
}
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.rmSync(path.join(outDir, 'build'), { recursive: true, force: true });
console.log(`Electron build of better-sqlite3 → ${path.relative(root, target)}`);
