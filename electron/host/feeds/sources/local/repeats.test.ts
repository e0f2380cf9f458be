import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from './repeats';

const run = (f: ReturnType<typeof createRepeatFilter>, lines: string[], time = () => null) =>
  lines.filter((l) => !f.seen(l, time()));

describe('repeat filter', () => {
  it('keeps every line of a first run, identical ones too', () => {
    const f = createRepeatFilter();
    expect(run(f, ['a', 'tick', 'tick', 'b'])).toEqual(['a', 'tick', 'tick', 'b']);
  });

  it('skips what a restarted command prints again and keeps what is new', () => {
    const f = createRepeatFilter();
    run(f, ['a', 'tick', 'b']);
    f.restart();
    expect(run(f, ['a', 'tick', 'b', 'tick', 'c'])).toEqual(['tick', 'c']);
    f.restart();
    expect(run(f, ['a', 'tick', 'b', 'tick', 'c', 'd'])).toEqual(['d']);
  });

  it('recognises forgotten lines by their own time', () => {
    const f = createRepeatFilter(3);
    const lines = ['l1', 'l2', 'l3', 'l4', 'l5'];
    lines.forEach((l, i) => f.seen(l, 1000 + i));
    f.restart();
    // l1 and l2 are forgotten; their times are older than the newest forgotten time.
    expect(lines.filter((l, i) => !f.seen(l, 1000 + i))).toEqual([]);
    expect(f.seen('l6', 1005)).toBe(false);
  });
});
