import { z } from 'zod';
import { Id } from '../domain/common';
import {
  ChecklistInput,
  OverrideInput,
  PreflightSettings,
  PreflightState,
} from '../domain/preflight';
import { method, SessionRef } from './common';

/**
 * The pre-flight before Start: the flag's state read from the session's flag system, the feeds,
 * and the guardrails each ticked by a named person. `run.start` runs it again and refuses to
 * start while a check blocks, unless the facilitator overrode those checks with a reason.
 */
export const preflightApi = {
  'preflight.get': method(SessionRef, PreflightState),
  /** Run every check now and keep the result with the session. */
  'preflight.run': method(SessionRef, PreflightState),
  /**
   * Where the flag is read from, and how tenants are named in its context (from this machine
   * only: it reads a file or sends a token). `token`: a new credential (OFREP bearer token,
   * Unleash client token, PostHog personal API key), null to forget the one kept, absent to keep
   * it (forgotten too when the flag system's kind or address changes). Kept by the host, never
   * answered.
   */
  'preflight.setSettings': method(
    z
      .object({
        sessionId: Id,
        settings: PreflightSettings,
        token: z.string().trim().min(1).max(4096).nullable().optional(),
      })
      .strict(),
    PreflightState,
  ),
  /** Replace the guardrails; items whose text is unchanged keep their tick. */
  'preflight.setChecklist': method(
    z.object({ sessionId: Id, items: ChecklistInput }).strict(),
    PreflightState,
  ),
  /** A participant ticks (or unticks) a guardrail: the tick names them. */
  'preflight.tick': method(
    z
      .object({
        sessionId: Id,
        itemId: z.string().regex(/^g[0-9]{1,3}$/, 'Not a guardrail id'),
        participantId: Id,
        ticked: z.boolean(),
      })
      .strict(),
    PreflightState,
  ),
  /**
   * Start despite the checks that block now: who (the facilitator, when one is named), why and
   * which checks are recorded with the session and on its timeline.
   */
  'preflight.override': method(OverrideInput, PreflightState),
};
