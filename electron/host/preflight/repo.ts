import {
  DEFAULT_PREFLIGHT_SETTINGS,
  GUARDRAIL_TEMPLATE,
  GuardrailItem,
  PreflightOverride,
  PreflightResult,
  PreflightSettings,
} from '../../../shared/domain/preflight';
import type { Db } from '../db/database';
import { writeTransaction } from '../db/write';

type Row = {
  settings: string;
  checklist: string;
  result: string | null;
  override: string | null;
};

export type StoredPreflight = {
  settings: PreflightSettings;
  checklist: GuardrailItem[];
  result: PreflightResult | null;
  override: PreflightOverride | null;
};

const templateChecklist = (): GuardrailItem[] =>
  GUARDRAIL_TEMPLATE.map((text, i) => ({ id: `g${i + 1}`, text, tick: null }));

/** A column that does not parse (written by a newer version, say) reads as its default. */
function parsed<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  text: string | null,
  fallback: T,
): T {
  if (text === null) return fallback;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? (r.data as T) : fallback;
  } catch {
    return fallback;
  }
}

/** Each session's pre-flight: its settings, guardrails checklist, last result and override. */
export function createPreflightRepo(db: Db) {
  const select = db.prepare<[string], Row>(
    'SELECT settings, checklist, result, override FROM preflights WHERE session_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO preflights (session_id, settings, checklist, result, override, updated_at)
     VALUES (@sessionId, @settings, @checklist, @result, @override, @now)
     ON CONFLICT (session_id) DO UPDATE SET settings = @settings, checklist = @checklist,
       result = @result, override = @override, updated_at = @now`,
  );

  const get = (sessionId: string): StoredPreflight => {
    const row = select.get(sessionId);
    return {
      settings: parsed(PreflightSettings, row?.settings ?? null, DEFAULT_PREFLIGHT_SETTINGS),
      checklist: row
        ? parsed(GuardrailItem.array(), row.checklist, templateChecklist())
        : templateChecklist(),
      result: parsed(PreflightResult, row?.result ?? null, null),
      override: parsed(PreflightOverride, row?.override ?? null, null),
    };
  };

  return {
    get,
    /** Read, change and write back in one transaction. */
    update(sessionId: string, now: number, change: (p: StoredPreflight) => StoredPreflight) {
      return writeTransaction(db, () => {
        const next = change(get(sessionId));
        upsert.run({
          sessionId,
          settings: JSON.stringify(next.settings),
          checklist: JSON.stringify(next.checklist),
          result: next.result ? JSON.stringify(next.result) : null,
          override: next.override ? JSON.stringify(next.override) : null,
          now,
        });
        return next;
      });
    },
  };
}
export type PreflightRepo = ReturnType<typeof createPreflightRepo>;
