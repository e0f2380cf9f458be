import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('runs once at a time, once more when asked meanwhile, and each caller sees a later run', async () => {
    let value = 0;
    let shown = -1;
    let runs = 0;
    const gates: Array<() => void> = [];
    const refresh = coalesce(async () => {
      runs++;
      const seen = value; // what the host had when the request was answered
      await new Promise<void>((resolve) => gates.push(resolve));
      shown = seen;
    });
    const first = refresh();
    value = 1;
    const second = refresh();
    const third = refresh(); // asked twice while running: one more run, not two
    expect(runs).toBe(1);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    gates.shift()!();
    await Promise.all([first, second, third]);
    expect(runs).toBe(2);
    expect(shown).toBe(1);
  });

  it('runs again after a failed run and passes the failure to its callers', async () => {
    let fail = true;
    const refresh = coalesce(async () => {
      if (fail) throw new Error('offline');
    });
    await expect(refresh()).rejects.toThrow('offline');
    fail = false;
    await expect(refresh()).resolves.toBeUndefined();
  });
});
