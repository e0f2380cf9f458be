import { z } from 'zod';
import { Id } from '../domain/common';
import { FeedEvent, FeedGap, FeedSettings, Level, SourceStatus } from '../domain/feeds';
import { method, SessionRef } from './common';

const ErrorGroup = z.object({
  groupKey: z.string(),
  type: z.string(),
  sample: z.string(),
  count: z.number().int(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  isNew: z.boolean(),
  sparkline: z.array(z.number()),
  lastEventId: z.number().int(),
  /** Events of this group where the flag is off (the control group) in the same window. */
  control: z.number().int().default(0),
});
export type ErrorGroup = z.infer<typeof ErrorGroup>;
const Bucket = z.object({ start: z.number(), total: z.number(), errors: z.number() });
const RateSummary = z.object({
  total: z.number(),
  errors: z.number(),
  minutes: z.number(),
  errorsPerMinute: z.number(),
});

export const feedsApi = {
  /** The session tenant's events in the session window (and the baseline before it), filtered. */
  'feeds.query': method(
    z
      .object({
        sessionId: Id,
        levels: z.array(Level).max(6).optional(),
        sources: z.array(z.string().max(40)).max(10).optional(),
        services: z.array(z.string().max(200)).max(20).optional(),
        from: z.number().optional(),
        to: z.number().optional(),
        text: z.string().max(200).optional(),
        groupKey: z.string().max(300).optional(),
        beforeId: z.number().int().optional(),
        afterId: z.number().int().optional(),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    z.object({
      events: z.array(FeedEvent),
      hasMore: z.boolean(),
      window: z.object({ from: z.number(), to: z.number() }),
    }),
  ),
  'feeds.groups': method(SessionRef, z.array(ErrorGroup)),
  'feeds.rate': method(
    SessionRef,
    z.object({
      bucketMs: z.number(),
      sessionStart: z.number().nullable(),
      buckets: z.array(Bucket),
      baseline: RateSummary,
      session: RateSummary,
      /** The same for the control group: the tenants the flag is off for, counted at ingest. */
      control: z.object({
        buckets: z.array(Bucket),
        baseline: RateSummary,
        session: RateSummary,
      }),
      gaps: z.array(FeedGap),
    }),
  ),
  'feeds.status': method(
    SessionRef,
    z.object({
      ingestUrl: z.string().nullable(),
      sources: z.array(
        z.object({
          kind: z.string(),
          name: z.string(),
          status: SourceStatus,
          lastEventAt: z.number().nullable(),
          detail: z.string(),
          /** A command or file whose lines name no tenant (see FeedSource.warning). */
          warning: z.string().nullable().default(null),
        }),
      ),
      gaps: z.array(FeedGap),
      droppedOtherTenants: z.number(),
      redactions: z.record(z.string(), z.number()),
    }),
  ),
  'feeds.getSettings': method(SessionRef, FeedSettings),
  'feeds.updateSettings': method(
    z.object({ sessionId: Id, settings: FeedSettings }).strict(),
    FeedSettings,
  ),
};
