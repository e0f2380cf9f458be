/**
 * The decision record: what a session decided and the evidence it rests on, as exported for
 * pipelines and reports. Its JSON Schema is published at shared/schema/decision-record.v1.json;
 * change this type and that schema together, and bump the version for anything not additive.
 */
import { z } from 'zod';
import type { AuditTrail } from './audit';
import type { FindingStatus, FindingType, Outcome, Severity } from './debrief';
import type {
  Action,
  Check,
  FlagProvider,
  RecordedThresholds,
  Recommendation,
  Stage,
  Verdict,
} from './decision';
import type { Priority } from './goals';
import type { RecordPreflight } from './preflight';
import type { NoteType } from './notes';

export const RECORD_SCHEMA_VERSION = 'ensemble.decision-record/v1';
export const RECORD_SCHEMA_ID = 'https://ensemble.dev/schema/decision-record.v1.json';

const Count = z.number().int().nonnegative();
const Minutes = z.number().nonnegative();

/**
 * The session's figures: a schema, not only a type, because `debrief.metrics` answers with them
 * and every answer is checked against the contract.
 */
export const RecordMetrics = z.object({
  durationMinutes: Minutes,
  rotations: Count,
  breaks: Count,
  notesByType: z.record(z.string(), Count),
  notesByPerson: z.array(z.object({ name: z.string(), count: Count })),
  errors: z.object({
    session: Count,
    baseline: Count,
    sessionPerMinute: z.number().nonnegative(),
    baselinePerMinute: z.number().nonnegative(),
    baselineMinutes: Minutes,
    newGroups: z.array(
      z.object({
        groupKey: z.string(),
        type: z.string(),
        sample: z.string(),
        count: Count,
        firstSeen: z.string(),
        /** Events of the same group among the tenants without the flag, in the same window. */
        control: Count,
      }),
    ),
    /**
     * The tenants the flag is off for, in the session's minutes (counted at ingest, never
     * stored as events): null when none of their events were counted.
     */
    control: z
      .object({
        events: Count,
        errors: Count,
        buckets: z.array(z.object({ start: z.string(), errors: Count, total: Count })),
      })
      .nullable(),
    /** Errors per bucket over the baseline and the session, for the chart. */
    rate: z.object({
      bucketMinutes: z.number().positive(),
      sessionStart: z.string().nullable(),
      buckets: z.array(z.object({ start: z.string(), errors: Count, total: Count })),
    }),
  }),
  gaps: z.array(
    z.object({
      source: z.string(),
      from: z.string(),
      to: z.string().nullable(),
      reason: z.string(),
      backfilled: z.boolean(),
    }),
  ),
});
export type RecordMetrics = z.infer<typeof RecordMetrics>;

export type RecordParticipant = { id: string; name: string; function: string };

export type RecordFinding = {
  id: string;
  /** F-1, F-2, … */
  ref: string;
  title: string;
  description: string;
  type: FindingType;
  severity: Severity;
  status: FindingStatus;
  goal: { id: string; title: string } | null;
  owner: { id: string; name: string } | null;
  notes: Array<{ id: string; type: NoteType; text: string; at: string; author: string | null }>;
  evidence: {
    errorGroups: Array<{ groupKey: string; summary: string }>;
    events: Array<{ id: number; summary: string; traceId: string | null; time: string | null }>;
    traceIds: string[];
    /** How to find the same events in the feed: a search and the time window around them. */
    logQueries: Array<{ query: string; from: string; to: string }>;
    screenshots: Array<{ hash: string; summary: string }>;
  };
};

export type DecisionRecordV1 = {
  $schema: typeof RECORD_SCHEMA_ID;
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  /** The signed decision's id; a record exported before signing is a draft. */
  recordId: string;
  status: 'draft' | 'signed';
  createdAt: string;
  session: {
    id: string;
    title: string;
    charter: string;
    feature: string;
    start: string | null;
    end: string | null;
    participants: RecordParticipant[];
    pseudonymised: boolean;
  };
  scope: { tenantKey: string; tenantValue: string; environment: string; release: string };
  flag: {
    key: string;
    provider: FlagProvider;
    currentStage: string;
    proposedStage: string | null;
  };
  stages: Stage[];
  decision: {
    action: Action;
    toStage: string | null;
    rationale: string;
    conditions: string[];
    approver: { name: string; id: string | null };
    signedAt: string;
    version: number;
    amends: string | null;
    disagreesWithRecommendation: boolean;
  } | null;
  recommendation: {
    action: Action;
    toStage: string | null;
    score: number | null;
    verdict: Verdict;
    checks: Check[];
    thresholds: RecordedThresholds;
    reasons: string[];
  };
  goals: Array<{
    id: string;
    title: string;
    priority: Priority;
    outcome: Outcome | null;
    reason: string;
    minutes: number;
  }>;
  findings: RecordFinding[];
  debrief: {
    whatWeDid: string;
    results: string;
    obstacles: string;
    outlook: string;
    feelings: string;
  };
  metrics: RecordMetrics;
  /** Values redacted from the feeds before storage, by kind. */
  redactions: Record<string, number>;
  /** The last pre-flight before the session; null when it never ran (or the record predates it). */
  preflight: RecordPreflight | null;
};

/**
 * What the report renderers need beside the record: the screenshots to embed, and the audit
 * trail read from the session's log at export time (never part of the signed record).
 */
export type ReportModel = {
  record: DecisionRecordV1;
  screenshots: Record<string, { mime: string; base64: string }>;
  audit: AuditTrail;
};

/** The recommendation as the record carries it (where the flag stood is in `flag`). */
export const recordRecommendation = ({
  fromStage: _from,
  ...r
}: Recommendation): DecisionRecordV1['recommendation'] => r;
