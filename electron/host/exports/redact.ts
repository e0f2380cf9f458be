import type { RedactionSettings } from '../../../shared/domain/feeds';
import type { DecisionRecordV1, ReportModel } from '../../../shared/domain/record';
import { createRedactor, type Redactor } from '../feeds/store/redact';

/**
 * Where the record holds free text: what people typed or what the feeds sampled. `true` redacts
 * a string (or each string of an array); an object descends into fields; a one-element array
 * descends into every element. Anything not named here — ids, keys, the flag, the tenant scope,
 * stages, hashes, group keys, trace ids, times — passes through exactly: a pipeline or a flag
 * system acts on those, and `auth:[redacted:secret]` is another flag.
 */
type Spec = true | { readonly [key: string]: Spec } | readonly [Spec];

const EVIDENCE_LABEL: Spec = [{ label: true }];
export const FREE_TEXT: Spec = {
  session: { title: true, charter: true, feature: true, participants: [{ name: true }] },
  decision: { rationale: true, conditions: true, approver: { name: true } },
  recommendation: {
    reasons: true,
    checks: [{ label: true, detail: true, evidence: EVIDENCE_LABEL }],
  },
  goals: [{ title: true, reason: true }],
  findings: [
    {
      title: true,
      description: true,
      goal: { title: true },
      owner: { name: true },
      notes: [{ text: true, author: true }],
      evidence: {
        errorGroups: [{ summary: true }],
        events: [{ summary: true }],
        logQueries: [{ query: true }],
        screenshots: [{ summary: true }],
      },
    },
  ],
  debrief: { whatWeDid: true, results: true, obstacles: true, outlook: true, feelings: true },
  metrics: {
    notesByPerson: [{ name: true }],
    errors: { newGroups: [{ sample: true }] },
    gaps: [{ reason: true }],
  },
  preflight: {
    checks: [{ label: true, detail: true }],
    override: { by: true, reason: true, items: true },
  },
};

/** The audit trail's words: names, override reasons, check labels and decision summaries. */
const AUDIT_TEXT: Spec = { entries: [{ who: true, what: true }] };

function walk(value: unknown, spec: Spec, redactor: Redactor): unknown {
  if (spec === true) {
    if (typeof value === 'string') return redactor.text(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, true, redactor));
    return value;
  }
  if (Array.isArray(spec)) {
    const each = (spec as readonly [Spec])[0];
    return Array.isArray(value) ? value.map((v) => walk(v, each, redactor)) : value;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = spec as { readonly [key: string]: Spec };
  const out: { [k: string]: unknown } = {};
  for (const [k, v] of Object.entries(value))
    out[k] = Object.hasOwn(fields, k) ? walk(v, fields[k]!, redactor) : v;
  return out;
}

/**
 * The model with the session's redaction rules applied to the record's free text (notes,
 * findings, debrief, rationale, conditions, samples, queries…; see FREE_TEXT) and to the audit
 * trail's lines. Feed text was redacted before it was stored; this catches what people typed.
 * Identifiers pass through byte for byte, and screenshots are images and pass as they are.
 */
export function redactModel(
  model: ReportModel,
  redaction: Partial<RedactionSettings> = {},
): ReportModel {
  const redactor = createRedactor(redaction);
  return {
    record: redactRecord(model.record, redaction, redactor),
    screenshots: model.screenshots,
    audit: walk(model.audit, AUDIT_TEXT, redactor) as ReportModel['audit'],
  };
}

/** The record alone through the session's redaction rules, as the JSON export publishes it. */
export function redactRecord(
  record: DecisionRecordV1,
  redaction: Partial<RedactionSettings> = {},
  redactor: Redactor = createRedactor(redaction),
): DecisionRecordV1 {
  return walk(record, FREE_TEXT, redactor) as DecisionRecordV1;
}
