import { z } from 'zod';
import { Id } from '../domain/common';
import { Decision, DecisionInput, Recommendation, RolloutSettings } from '../domain/decision';
import { GateAnswer, GateArgs } from '../domain/gate';
import { Jwks } from '../domain/signature';
import { method, SessionRef } from './common';

export const decisionApi = {
  'decision.updateRollout': method(
    z.object({ sessionId: Id, settings: RolloutSettings }).strict(),
    RolloutSettings,
  ),
  'decision.recommend': method(SessionRef, Recommendation),
  /** Sign a decision (version 1) or amend the latest one (the next version). */
  'decision.sign': method(
    z.object({ sessionId: Id, decision: DecisionInput, amends: Id.nullable() }).strict(),
    Decision,
  ),
  'decision.history': method(SessionRef, z.array(Decision)),
  /** What the latest signed decision means for a pipeline step (the gate's answer). */
  'decision.gate': method(GateArgs, GateAnswer),
  /** The public keys that verify signed records (a JWK Set); never a private key. */
  'decision.keys': method(z.object({}).strict(), Jwks),
};
