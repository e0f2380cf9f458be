import { z } from 'zod';
import { method } from './common';

/** What the host is: version, transport and where it keeps its data. */
export const appApi = {
  'app.info': method(
    z.object({}).strict(),
    z.object({
      version: z.string(),
      mode: z.enum(['desktop', 'web', 'cli']),
      dataDir: z.string(),
      ingestUrl: z.string().nullable(),
    }),
  ),
};
