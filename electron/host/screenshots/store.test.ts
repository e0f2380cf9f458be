import { describe, expect, it } from 'vitest';
import { PNG_1x1 } from '../../../test-support/images';
import { imageSize, sniffImage } from './store';

function jpeg(width: number, height: number) {
  // SOI, an APP0 segment, then SOF0 with the dimensions.
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x04,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x01,
    0x01,
    0x11,
    0x00,
  ]);
}

function webpVp8x(width: number, height: number) {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'ascii');
  b.write('WEBP', 8, 'ascii');
  b.write('VP8X', 12, 'ascii');
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}

describe('screenshot types', () => {
  it('recognises PNG, JPEG and WebP by their bytes and reads their size', () => {
    expect(sniffImage(PNG_1x1)).toEqual({ mime: 'image/png', ext: 'png' });
    expect(imageSize(PNG_1x1, sniffImage(PNG_1x1)!)).toEqual({ width: 1, height: 1 });
    const j = jpeg(1920, 1080);
    expect(imageSize(j, sniffImage(j)!)).toEqual({ width: 1920, height: 1080 });
    const w = webpVp8x(2560, 1440);
    expect(sniffImage(w)).toEqual({ mime: 'image/webp', ext: 'webp' });
    expect(imageSize(w, sniffImage(w)!)).toEqual({ width: 2560, height: 1440 });
  });

  it('refuses anything else, whatever its name says', () => {
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});
