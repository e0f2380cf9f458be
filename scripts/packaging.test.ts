import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));

describe('desktop packaging', () => {
  it('has an electron-builder configuration its own schema accepts', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(pkg.build, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('targets AppImage and deb, NSIS and DMG, with a 1024 px icon', () => {
    expect(pkg.build.linux.target).toEqual(['AppImage', 'deb']);
    expect(pkg.build.win.target).toEqual(['nsis']);
    expect(pkg.build.mac.target).toEqual(['dmg']);
    const png = fs.readFileSync('build/icon.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('turns off the Electron fuses an attacker could use', () => {
    expect(pkg.build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('never rebuilds native modules for Electron on install (offline that deletes the Node build)', () => {
    const scripts = JSON.stringify(pkg.scripts ?? {});
    expect(scripts).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild/);
    expect(pkg.scripts.postinstall).toBeUndefined();
  });
});
