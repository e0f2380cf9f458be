/** Keyboard drawing for the redaction editor: a box the arrow keys move and Shift+arrows resize. */
export type Box = { x: number; y: number; w: number; h: number };

/** The box keyboard users start from: the middle of the image, a third wide, a fifth high. */
export function startBox(width: number, height: number): Box {
  const w = Math.round(width / 3);
  const h = Math.round(height / 5);
  return { x: Math.round((width - w) / 2), y: Math.round((height - h) / 2), w, h };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The box after an arrow key: moved by a fiftieth of the image (Shift: resized instead, Right and
 * Down grow it, Left and Up shrink it), never outside the image nor smaller than 2 px. Null for
 * any other key.
 */
export function nudgeBox(
  box: Box,
  key: string,
  resize: boolean,
  width: number,
  height: number,
): Box | null {
  const dx = Math.max(1, Math.round(width / 50));
  const dy = Math.max(1, Math.round(height / 50));
  const step: Record<string, [number, number]> = {
    ArrowLeft: [-dx, 0],
    ArrowRight: [dx, 0],
    ArrowUp: [0, -dy],
    ArrowDown: [0, dy],
  };
  const d = step[key];
  if (!d) return null;
  if (resize) {
    const w = clamp(box.w + d[0], 2, width - box.x);
    const h = clamp(box.h + d[1], 2, height - box.y);
    return { ...box, w, h };
  }
  return {
    ...box,
    x: clamp(box.x + d[0], 0, width - box.w),
    y: clamp(box.y + d[1], 0, height - box.h),
  };
}

/** How the box reads to a screen reader, in percent of the image. */
export function describeBox(box: Box, width: number, height: number): string {
  const pct = (v: number, of: number) => Math.round((v / of) * 100);
  return `Box at ${pct(box.x, width)}% from the left, ${pct(box.y, height)}% from the top, ${pct(box.w, width)}% wide, ${pct(box.h, height)}% high`;
}
