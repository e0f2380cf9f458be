import { z } from 'zod';

/** ULIDs: 26 Crockford base32 characters, made by whoever creates the record. */
export const Id = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected an id (26-character ULID)');
export type Id = z.infer<typeof Id>;

export const IsoDateTime = z
  .string()
  .datetime({ offset: true, message: 'Expected an ISO date-time' });

/** Text that must not be empty once trimmed. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

export const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters`);
