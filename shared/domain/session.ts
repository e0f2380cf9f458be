import { z } from 'zod';
import { Id, IsoDateTime, optionalText, requiredText } from './common';

export const SESSION_STATUSES = ['draft', 'running', 'paused', 'ended'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const NOTE_WRITERS = ['note-taker', 'driver', 'everyone'] as const;
export const NoteWriters = z.enum(NOTE_WRITERS);
export type NoteWriters = z.infer<typeof NoteWriters>;

export const TIMEBOX_PRESETS = [30, 60, 90, 120] as const;

/** Feature-flag keys as flagd, Unleash and PostHog accept them. */
const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/**
 * The editable fields of a session, without defaults, so that the same object serves a
 * partial update (a missing field means "unchanged", never "reset to default").
 */
export const SessionFields = z.object({
  title: requiredText('Title', 200),
  charter: optionalText('Charter', 5000),
  feature: optionalText('Feature', 200),
  flagKey: optionalText('Flag key', 200).refine((v) => v === '' || FLAG_KEY.test(v), {
    message:
      'Flag key may hold letters, digits and . _ : / - and must start with a letter or digit',
  }),
  tenantId: requiredText('Tenant id', 200),
  environment: requiredText('Environment', 100),
  release: optionalText('Release', 100),
  timeboxMinutes: z
    .number({ error: 'Time-box must be a number of minutes' })
    .int('Time-box must be whole minutes')
    .min(5, 'Time-box must be at least 5 minutes')
    .max(480, 'Time-box must be at most 480 minutes'),
  rotationMinutes: z
    .number({ error: 'Rotation interval must be a number of minutes' })
    .int('Rotation interval must be whole minutes')
    .min(1, 'Rotation interval must be at least 1 minute')
    .max(60, 'Rotation interval must be at most 60 minutes'),
  breakEvery: z
    .number({ error: 'Break cadence must be a number of rotations' })
    .int('Break cadence must be a whole number')
    .min(0, 'Break cadence cannot be negative (0 means no breaks)')
    .max(50, 'Break cadence must be at most 50 rotations'),
  votesPerParticipant: z
    .number({ error: 'Dots per person must be a number' })
    .int('Dots per person must be a whole number')
    .min(1, 'Each person needs at least 1 dot')
    .max(20, 'At most 20 dots per person'),
  noteWriters: NoteWriters,
  /** At the end of a turn: rotate by itself (default; teams forget to restart timers) or wait. */
  autoRotate: z.boolean({ error: 'Auto-rotate must be true or false' }),
  plannedStart: IsoDateTime.nullable(),
  facilitatorId: Id.nullable(),
  productOwnerId: Id.nullable(),
});
export type SessionFields = z.infer<typeof SessionFields>;

export const SESSION_DEFAULTS = {
  charter: '',
  feature: '',
  flagKey: '',
  tenantId: 'internal',
  environment: 'production',
  release: '',
  timeboxMinutes: 90,
  rotationMinutes: 8,
  breakEvery: 5,
  votesPerParticipant: 3,
  noteWriters: 'note-taker',
  autoRotate: true,
  plannedStart: null,
  facilitatorId: null,
  productOwnerId: null,
} as const satisfies Omit<SessionFields, 'title'>;

export const SessionPatch = SessionFields.partial();
export type SessionPatch = z.infer<typeof SessionPatch>;

export const Session = SessionFields.extend({
  id: Id,
  status: SessionStatus,
  archivedAt: IsoDateTime.nullable(),
  templateOf: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Session = z.infer<typeof Session>;

export const SessionSummary = Session.pick({
  id: true,
  title: true,
  feature: true,
  flagKey: true,
  tenantId: true,
  environment: true,
  status: true,
  archivedAt: true,
  plannedStart: true,
  updatedAt: true,
}).extend({
  participantCount: z.number().int(),
  goalCount: z.number().int(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
