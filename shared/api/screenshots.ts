import { z } from 'zod';
import { Id } from '../domain/common';
import { method } from './common';

const ScreenshotHash = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a screenshot hash');
export const Screenshot = z.object({
  hash: ScreenshotHash,
  mime: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});
export type Screenshot = z.infer<typeof Screenshot>;

export const screenshotsApi = {
  /** Bytes of an already redacted image (PNG, JPEG or WebP, at most 20 MB). */
  'screenshots.upload': method(
    z
      .object({
        sessionId: Id,
        bytes: z.instanceof(Uint8Array, { message: 'Expected the image bytes' }),
      })
      .strict(),
    Screenshot,
  ),
  'screenshots.get': method(
    z.object({ sessionId: Id, hash: ScreenshotHash }).strict(),
    z.object({ mime: z.string(), bytes: z.instanceof(Uint8Array) }),
  ),
};
