import { describe, expect, it } from 'vitest';
import { describeBox, nudgeBox, startBox } from './redactionKeys';

describe('keyboard redaction box', () => {
  it('starts centred and moves by a fiftieth of the image with the arrow keys', () => {
    const box = startBox(400, 200);
    expect(box).toEqual({ x: 134, y: 80, w: 133, h: 40 });
    expect(nudgeBox(box, 'ArrowRight', false, 400, 200)).toEqual({ ...box, x: 142 });
    expect(nudgeBox(box, 'ArrowUp', false, 400, 200)).toEqual({ ...box, y: 76 });
    expect(nudgeBox(box, 'Enter', false, 400, 200)).toBeNull();
  });

  it('resizes with Shift and never leaves the image nor shrinks below 2 px', () => {
    const box = { x: 390, y: 190, w: 10, h: 10 };
    expect(nudgeBox(box, 'ArrowRight', true, 400, 200)).toEqual(box); // already at the edge
    expect(nudgeBox(box, 'ArrowRight', false, 400, 200)).toEqual(box);
    expect(nudgeBox(box, 'ArrowLeft', true, 400, 200)).toEqual({ ...box, w: 2 });
    expect(nudgeBox({ x: 0, y: 0, w: 5, h: 5 }, 'ArrowLeft', false, 400, 200)).toEqual({
      x: 0,
      y: 0,
      w: 5,
      h: 5,
    });
  });

  it('describes the box in percent for screen readers', () => {
    expect(describeBox({ x: 200, y: 0, w: 200, h: 200 }, 400, 200)).toBe(
      'Box at 50% from the left, 0% from the top, 50% wide, 100% high',
    );
  });
});
