import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../shared/api/methods';

const ROOT = path.resolve(__dirname, '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
/** Folders that hold tracked files themselves (not only folders). */
const folders = new Set(tracked.map((f) => path.posix.dirname(f)).filter((d) => d !== '.'));

/** The README's layout table: folder → its description. */
function layoutTable(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Layout'),
    readme.indexOf('\n## ', readme.indexOf('## Layout') + 1),
  );
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+)\/`\s*\|(.*)\|\s*$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

describe('the layout the README describes is the one in git', () => {
  const rows = layoutTable();

  it('names only folders that exist', () => {
    expect([...rows.keys()].filter((f) => !tracked.some((t) => t.startsWith(`${f}/`)))).toEqual([]);
  });

  it('accounts for every folder: a row of its own, or named in its nearest listed parent’s row', () => {
    const missing = [...folders].filter((folder) => {
      if (rows.has(folder)) return false;
      let parent = path.posix.dirname(folder);
      while (parent !== '.' && !rows.has(parent)) parent = path.posix.dirname(parent);
      const text = rows.get(parent) ?? '';
      return !text.includes(`\`${path.posix.relative(parent, folder)}/\``);
    });
    expect(missing).toEqual([]);
  });
});

describe('API names tell where things are', () => {
  // Handler maps: the host's files that key a function by a method name (aliases are not homes).
  const handlerFiles = tracked.filter(
    (f) =>
      /^electron\/host\/.*\.ts$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('aliases.ts'),
  );
  const homes = new Map<string, string>();
  for (const file of handlerFiles) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^\s*'([a-z]+\.[a-zA-Z]+)': /gm)) homes.set(m[1]!, file);
  }

  it('every method has its contract in shared/api/<domain>.ts and its handler under a <domain>/ folder', () => {
    const wrong = METHOD_NAMES.filter((name) => {
      const domain = name.split('.')[0]!;
      const contract = path.join(ROOT, 'shared', 'api', `${domain}.ts`);
      const home = homes.get(name);
      return (
        !fs.existsSync(contract) ||
        !fs.readFileSync(contract, 'utf8').includes(`'${name}'`) ||
        !home ||
        !home.split('/').includes(domain)
      );
    }).map((name) => `${name} (handler in ${homes.get(name) ?? 'nowhere'})`);
    expect(wrong).toEqual([]);
  });
});
