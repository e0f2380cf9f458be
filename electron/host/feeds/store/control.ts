import { createHash } from 'node:crypto';
import type { RawFeedEvent } from '../../../../shared/domain/feeds';
import { groupKeyOf } from '../ingest/normalize';
import { clipEvent, fit, LIMITS } from './limits';
import type { Redactor } from './redact';
import type { Count } from './writes';

/**
 * The control group: events of the tenants the flag is off for (every tenant no running session
 * watches), kept as counts only — per minute and level, and per error group under a hash of its
 * key — in feed_counts under the tenant '' (one "other tenants" bucket). No message, attribute or
 * tenant name of theirs is stored.
 */
export const CONTROL_LEVEL = 'control:level:';
export const CONTROL_GROUP = 'control:group:';
/** Counted on the host thread; turned into CONTROL_GROUP counts where events are redacted. */
export const CONTROL_ERROR = 'control:error:';
/** Distinct errors of one minute past this many are counted together (a flood, hostile or not). */
export const CONTROL_ERRORS_PER_MINUTE = 1000;
export const CONTROL_OVERFLOW = `${CONTROL_GROUP}overflow`;

/**
 * What the host counts of one dropped event: its level, and for an event that has an error
 * group (an error, or a fingerprint), what its group key is made of — cut as stored events are
 * cut (clipEvent) — to be redacted and grouped by the writer exactly as the tenant's own are.
 */
export function controlKinds(e: RawFeedEvent): string[] {
  const level = `${CONTROL_LEVEL}${e.level}`;
  if (!e.error && !e.fingerprint?.length) return [level];
  const { raw } = clipEvent(e);
  const error = raw.error && { type: raw.error.type, value: raw.error.value };
  // The message counts only when the error's value is empty (see groupKeyOf).
  const message = error?.value ? '' : raw.message;
  return [level, CONTROL_ERROR + JSON.stringify([error, raw.fingerprint ?? null, message])];
}

/** The hash an error group's key is counted under in the control group (see groupHash use). */
export const groupHash = (groupKey: string) =>
  createHash('sha256').update(groupKey).digest('base64url').slice(0, 22);

/**
 * Counts as the writer stores them: each CONTROL_ERROR count becomes the count of its group,
 * keyed as the session tenant's groups are (redacted, then grouped), under a hash of the key.
 * Errors of the control group without a group (none can be made) are not counted by group.
 */
export function controlCounts(counts: readonly Count[], redactor: Redactor): Count[] {
  const out: Count[] = [];
  const merged = new Map<string, Count>();
  let distinct = 0;
  for (const c of counts) {
    if (!c.kind.startsWith(CONTROL_ERROR)) {
      out.push(c);
      continue;
    }
    let kind = CONTROL_OVERFLOW;
    if (++distinct <= CONTROL_ERRORS_PER_MINUTE) {
      const [error, fingerprint, message] = JSON.parse(c.kind.slice(CONTROL_ERROR.length)) as [
        { type: string; value: string } | null,
        string[] | null,
        string,
      ];
      const key = groupKeyOf(
        error && {
          type: fit(redactor.text(error.type), LIMITS.errorType),
          value: fit(redactor.text(error.value), LIMITS.errorValue),
        },
        fingerprint?.map((p) => fit(redactor.text(p), LIMITS.short)),
        fit(redactor.text(message), LIMITS.message),
      );
      if (key === null) continue;
      kind = CONTROL_GROUP + groupHash(key);
    }
    const id = `${c.tenant}\u0000${c.source}\u0000${c.minute}\u0000${kind}`;
    const m = merged.get(id);
    if (m) m.count += c.count;
    else merged.set(id, { ...c, kind });
  }
  redactor.drain(); // what was redacted here is not the session's
  return out.concat([...merged.values()]);
}
