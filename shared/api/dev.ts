import { z } from 'zod';
import { method } from './common';

export const devApi = {
  /** Test hosts only (web mode --test-clock): move host time forward. */
  'dev.advanceClock': method(
    z
      .object({
        ms: z
          .number()
          .int()
          .positive()
          .max(24 * 3_600_000),
      })
      .strict(),
    z.object({ now: z.number() }),
  ),
};
