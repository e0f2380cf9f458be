import { describe, expect, it } from 'vitest';
import { memoize } from './memo';

describe('memoize', () => {
  it('answers from memory for a key asked again, and keeps at most max keys', () => {
    let made = 0;
    const square = memoize((n: number) => (made++, n * n), 3);
    expect([square(2), square(2), square(3)]).toEqual([4, 4, 9]);
    expect(made).toBe(2);
    for (let n = 0; n < 100; n++) square(n);
    expect(square.size()).toBe(3);
    // The oldest asked went first: 99 is still known, 2 is made again.
    made = 0;
    square(99);
    square(2);
    expect(made).toBe(1);
  });
});
