import { z } from 'zod';
import { Id } from '../domain/common';
import { MAX_BREAK_MINUTES, PAUSE_REASONS, RunSnapshot } from '../domain/run';
import { method, SessionRef } from './common';

const PersonRef = z.object({ sessionId: Id, participantId: Id }).strict();

/** The run: its lifecycle, the rotation and the goal in focus; every answer is the new state. */
export const runApi = {
  'run.state': method(SessionRef, RunSnapshot),
  'run.start': method(SessionRef, RunSnapshot),
  'run.pause': method(
    z
      .object({
        sessionId: Id,
        reason: z.enum(PAUSE_REASONS).default('pause'),
        /** How long a break lasts (only with reason 'break'). */
        minutes: z
          .number({ error: 'Break length must be a number of minutes' })
          .int('Break length must be a whole number of minutes')
          .min(1, 'A break lasts at least 1 minute')
          .max(MAX_BREAK_MINUTES, `A break lasts at most ${MAX_BREAK_MINUTES} minutes`)
          .optional(),
      })
      .strict(),
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
};
