import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';

export const MAX_SCREENSHOT_BYTES = 20 * 1024 * 1024;
export type ImageType = {
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  ext: 'png' | 'jpg' | 'webp';
};

/** The type from the file's first bytes, never from what the sender claims. */
export function sniffImage(bytes: Buffer): ImageType | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return { mime: 'image/png', ext: 'png' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { mime: 'image/jpeg', ext: 'jpg' };
  if (
    bytes.length >= 12 &&
    bytes.toString('ascii', 0, 4) === 'RIFF' &&
    bytes.toString('ascii', 8, 12) === 'WEBP'
  ) {
    return { mime: 'image/webp', ext: 'webp' };
  }
  return null;
}

/** Width and height from the header (PNG IHDR, JPEG SOF, WebP VP8/VP8L/VP8X). */
export function imageSize(bytes: Buffer, type: ImageType): { width: number; height: number } {
  if (type.ext === 'png') return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (type.ext === 'webp') {
    const chunk = bytes.toString('ascii', 12, 16);
    if (chunk === 'VP8X')
      return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
    if (chunk === 'VP8L') {
      const b = bytes.readUInt32LE(21);
      return { width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
    }
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) break;
    const marker = bytes[i + 1]!;
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return { width: 0, height: 0 };
}

/** Content-addressed files: <data>/screenshots/<sha256>.<ext>, written atomically. */
export function createScreenshotFiles(dataDir: string) {
  const dir = path.join(dataDir, 'screenshots');
  return {
    dir,
    save(bytes: Buffer): { hash: string; type: ImageType; width: number; height: number } {
      if (bytes.length === 0) throw new ApiError('invalid_argument', 'The image is empty');
      if (bytes.length > MAX_SCREENSHOT_BYTES)
        throw new ApiError('too_large', 'Screenshots are limited to 20 MB');
      const type = sniffImage(bytes);
      if (!type)
        throw new ApiError('invalid_argument', 'Only PNG, JPEG and WebP images can be attached');
      const { width, height } = imageSize(bytes, type);
      const hash = crypto.createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${hash}.${type.ext}`);
      if (!fs.existsSync(file)) {
        const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
        fs.writeFileSync(tmp, bytes);
        fs.renameSync(tmp, file);
      }
      return { hash, type, width, height };
    },
    pathOf(hash: string, ext: string) {
      return path.join(dir, `${hash}.${ext}`);
    },
  };
}
