import { z } from 'zod';
import { Id } from '../domain/common';
import { Goal, GoalFields, ImportFormat, ImportPreview } from '../domain/goals';
import { Participant, ParticipantFields } from '../domain/participants';
import { FeedEvent, FeedGap, FeedSettings, FeedSource, Level, SourceInput } from '../domain/feeds';
import { Note, NoteRevision, Op, OpResult } from '../domain/notes';
import { Role, RoleInput } from '../domain/roles';
import { PAUSE_REASONS, RunSnapshot, SessionEventSchema } from '../domain/run';
import {
  Session,
  SessionFields,
  SessionPatch,
  SessionStatus,
  SessionSummary,
} from '../domain/session';

import { debriefApi } from './debriefContract';
import type { MethodName } from './methods';

const method = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });
type MethodSpec = { args: z.ZodType; result: z.ZodType };

/** Large enough for any goal list a team keeps; an import is refused beyond it. */
export const MAX_IMPORT_CHARS = 2_000_000;

export const SessionDetail = z.object({
  session: Session,
  roles: z.array(Role),
  participants: z.array(Participant),
  goals: z.array(Goal),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

const OrderedIds = z.array(Id).max(1000);
const ScreenshotHash = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a screenshot hash');
export const Screenshot = z.object({
  hash: ScreenshotHash,
  mime: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});
export type Screenshot = z.infer<typeof Screenshot>;

const SessionRef = z.object({ sessionId: Id }).strict();
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
});
export type ErrorGroup = z.infer<typeof ErrorGroup>;
const RateSummary = z.object({
  total: z.number(),
  errors: z.number(),
  minutes: z.number(),
  errorsPerMinute: z.number(),
});
const PersonRef = z.object({ sessionId: Id, participantId: Id }).strict();
const ImportArgs = z.object({
  sessionId: Id,
  format: ImportFormat,
  text: z.string().max(MAX_IMPORT_CHARS, 'The file is larger than 2 MB'),
});

/**
 * The API: method name → argument schema → result schema. Host handlers, the Electron
 * preload, the web server's POST /api/<method> and the renderer client are all typed from it.
 */
export const api = {
  'app.info': method(
    z.object({}).strict(),
    z.object({
      version: z.string(),
      mode: z.enum(['desktop', 'web', 'cli']),
      dataDir: z.string(),
      ingestUrl: z.string().nullable(),
    }),
  ),

  'sessions.list': method(
    z
      .object({
        query: z.string().max(200).default(''),
        status: z.union([SessionStatus, z.literal('any')]).default('any'),
        includeArchived: z.boolean().default(false),
      })
      .strict(),
    z.array(SessionSummary),
  ),
  'sessions.get': method(z.object({ id: Id }).strict(), SessionDetail),
  'sessions.create': method(
    SessionFields.partial().required({ title: true }).strict(),
    SessionDetail,
  ),
  'sessions.update': method(z.object({ id: Id, patch: SessionPatch.strict() }).strict(), Session),
  'sessions.duplicate': method(z.object({ id: Id }).strict(), SessionDetail),
  'sessions.archive': method(z.object({ id: Id, archived: z.boolean() }).strict(), Session),
  'sessions.delete': method(z.object({ id: Id }).strict(), z.object({ deleted: z.literal(true) })),

  /** A session wired to the demo tenant (npm run demo-tenant), with people and goals. */
  'sessions.createDemo': method(z.object({}).strict(), SessionDetail),

  'roles.set': method(
    z.object({ sessionId: Id, roles: z.array(RoleInput).min(2).max(12) }).strict(),
    z.array(Role),
  ),

  'participants.add': method(
    ParticipantFields.extend({
      sessionId: Id,
      email: ParticipantFields.shape.email.default(''),
    }).strict(),
    Participant,
  ),
  'participants.update': method(
    z.object({ id: Id, patch: ParticipantFields.partial().strict() }).strict(),
    Participant,
  ),
  'participants.remove': method(
    z.object({ id: Id }).strict(),
    z.object({ removed: z.literal(true) }),
  ),
  'participants.reorder': method(
    z.object({ sessionId: Id, orderedIds: OrderedIds }).strict(),
    z.array(Participant),
  ),

  'goals.add': method(
    GoalFields.extend({
      sessionId: Id,
      detail: GoalFields.shape.detail.default(''),
      priority: GoalFields.shape.priority.default('should'),
      owner: GoalFields.shape.owner.default(''),
    }).strict(),
    Goal,
  ),
  'goals.update': method(z.object({ id: Id, patch: GoalFields.partial().strict() }).strict(), Goal),
  'goals.remove': method(z.object({ id: Id }).strict(), z.object({ removed: z.literal(true) })),
  'goals.reorder': method(
    z.object({ sessionId: Id, orderedIds: OrderedIds }).strict(),
    z.array(Goal),
  ),
  'goals.vote': method(
    z
      .object({
        goalId: Id,
        participantId: Id,
        delta: z.union([z.literal(1), z.literal(-1)], { error: 'delta must be 1 or -1' }),
      })
      .strict(),
    Goal,
  ),
  'goals.previewImport': method(ImportArgs.strict(), ImportPreview),
  'goals.import': method(
    ImportArgs.strict(),
    z.object({ imported: z.array(Goal), rejected: ImportPreview.shape.rejected }),
  ),
  'goals.exportCsv': method(
    z.object({ sessionId: Id }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
  ),

  'run.state': method(SessionRef, RunSnapshot),
  'run.start': method(SessionRef, RunSnapshot),
  'run.pause': method(
    z.object({ sessionId: Id, reason: z.enum(PAUSE_REASONS).default('pause') }).strict(),
    RunSnapshot,
  ),
  'run.resume': method(SessionRef, RunSnapshot),
  'run.end': method(SessionRef, RunSnapshot),
  'run.rotate': method(SessionRef, RunSnapshot),
  'run.skip': method(PersonRef, RunSnapshot),
  'run.rejoin': method(PersonRef, RunSnapshot),
  'run.swap': method(z.object({ sessionId: Id, a: Id, b: Id }).strict(), RunSnapshot),
  'run.shuffle': method(SessionRef, RunSnapshot),
  'run.removeFromRotation': method(PersonRef, RunSnapshot),
  'run.skipBreak': method(SessionRef, RunSnapshot),
  'run.setAutoRotate': method(
    z.object({ sessionId: Id, autoRotate: z.boolean() }).strict(),
    RunSnapshot,
  ),
  'run.focusGoal': method(z.object({ sessionId: Id, goalId: Id.nullable() }).strict(), RunSnapshot),
  /** The outbox: notes, edits, deletions and goal statuses, each applied once. */
  'run.apply': method(
    z.object({ sessionId: Id, ops: z.array(Op).min(1).max(200) }).strict(),
    z.object({ results: z.array(OpResult), notes: z.array(Note) }),
  ),
  'run.timeline': method(
    SessionRef,
    z.object({ notes: z.array(Note), events: z.array(SessionEventSchema) }),
  ),
  'notes.history': method(
    z.object({ noteId: Id }).strict(),
    z.object({ note: Note, revisions: z.array(NoteRevision) }),
  ),
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
      buckets: z.array(z.object({ start: z.number(), total: z.number(), errors: z.number() })),
      baseline: RateSummary,
      session: RateSummary,
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
          status: z.enum(['connected', 'waiting', 'error', 'off']),
          lastEventAt: z.number().nullable(),
          detail: z.string(),
        }),
      ),
      gaps: z.array(FeedGap),
      droppedOtherTenants: z.number(),
      redactions: z.record(z.string(), z.number()),
    }),
  ),
  'sources.list': method(SessionRef, z.array(FeedSource)),
  /**
   * A command, a log file or an API to poll while the session runs (from this machine only, but
   * files). Credentials go to the host's keychain or 0600 file; no answer ever carries them.
   */
  'sources.add': method(z.object({ sessionId: Id, source: SourceInput }).strict(), FeedSource),
  'sources.remove': method(
    z.object({ id: z.string().min(1).max(40) }).strict(),
    z.object({ removed: z.literal(true) }),
  ),
  'sources.setEnabled': method(
    z.object({ id: z.string().min(1).max(40), enabled: z.boolean() }).strict(),
    FeedSource,
  ),
  'feeds.getSettings': method(SessionRef, FeedSettings),
  'feeds.updateSettings': method(
    z.object({ sessionId: Id, settings: FeedSettings }).strict(),
    FeedSettings,
  ),
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
  ...debriefApi,
} as const satisfies Record<MethodName, MethodSpec>;

export type Api = typeof api;
export type { MethodName };
export { METHOD_NAMES, isMethodName } from './methods';
/** What a caller may pass (defaults still optional). */
export type ArgsOf<M extends MethodName> = z.input<Api[M]['args']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedArgsOf<M extends MethodName> = z.output<Api[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Api[M]['result']>;
