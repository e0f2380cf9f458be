import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CAPABILITIES } from '../domain/links';
import { ACCESS } from './access';
import { api, METHOD_NAMES } from './contract';

/** The argument names of a method (every method takes an object). */
const argNames = (name: keyof typeof api): string[] =>
  Object.keys((api[name].args as z.ZodObject<z.ZodRawShape>).shape ?? {});

describe('every method declares what calling it takes', () => {
  it('has a declaration for each method of the contract, and none for anything else', () => {
    expect(Object.keys(ACCESS).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES)
      expect(CAPABILITIES, `${name} needs a known capability`).toContain(ACCESS[name].needs);
  });

  it('finds the session where the arguments name it, so a link stays in its own session', () => {
    const wrong = METHOD_NAMES.filter((name) => {
      const { needs, session } = ACCESS[name];
      if (needs === 'host') return session !== 'none';
      const args = argNames(name);
      if (args.includes('sessionId')) return session !== 'sessionId';
      if (session === 'none') return args.length > 0 && name !== 'links.me';
      const key = session.split(':')[1]!;
      return !args.includes(key);
    });
    expect(wrong).toEqual([]);
  });

  it('names only real arguments as the caller’s own', () => {
    const unknown = METHOD_NAMES.flatMap((name) =>
      ((ACCESS[name] as { self?: readonly string[] }).self ?? [])
        .filter((path) => !argNames(name).includes(path.split('.')[0]!))
        .map((path) => `${name}: ${path}`),
    );
    expect(unknown).toEqual([]);
  });
});
