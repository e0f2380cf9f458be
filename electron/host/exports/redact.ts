import type { RedactionSettings } from '../../../shared/domain/feeds';
import type { ReportModel } from '../../../shared/domain/record';
import { createRedactor, type Redactor } from '../feeds/store/redact';

/**
 * Keys whose values are fixed by the format or are content hashes the report looks images up
 * by; every other string is free text as far as redaction is concerned.
 */
const STRUCTURAL = new Set(['$schema', 'schemaVersion', 'hash']);

function walk(value: unknown, redactor: Redactor, key: string | null): unknown {
  if (typeof value === 'string')
    return key !== null && STRUCTURAL.has(key) ? value : redactor.text(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, redactor, null));
  if (value && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, redactor, k);
    return out;
  }
  return value;
}

/**
 * The model with the session's redaction rules applied to every string of the record (notes,
 * findings, debrief, rationale, conditions, samples, queries…). Feed text was redacted before it
 * was stored; this catches what people typed. Screenshots are images and pass as they are.
 */
export function redactModel(
  model: ReportModel,
  redaction: Partial<RedactionSettings> = {},
): ReportModel {
  const redactor = createRedactor(redaction);
  return {
    record: walk(model.record, redactor, null) as ReportModel['record'],
    screenshots: model.screenshots,
  };
}
