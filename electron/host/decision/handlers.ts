import { ApiError } from '../../../shared/api/errors';
import { providerStageIssues, type Decision } from '../../../shared/domain/decision';
import { actorOf, type HandlerMap } from '../context';
import { newId } from '../db/ids';
import { writeTransaction } from '../db/write';
import { actionPhrase } from '../exports/common';
import { requireSession } from '../sessions/guards';
import { storedFor } from '../feeds/query/sessionFeed';
import { currentRecommendation, feedFigures } from './evidence';
import { gateAnswer } from './gate';
import { buildRecord } from './record';
import { recordProblems } from '../exports/validate';
import { publishedKeys, signatureFor } from './signatures';

export const decisionHandlers: HandlerMap<
  | 'decision.updateRollout'
  | 'decision.recommend'
  | 'decision.sign'
  | 'decision.history'
  | 'decision.gate'
  | 'decision.keys'
> = {
  // The rollout settings are what a decision is computed against and signed for.
  'decision.updateRollout': (args, host) => {
    requireSession(host.repos, args.sessionId);
    const issues = providerStageIssues(args.settings);
    if (issues.length > 0) throw new ApiError('invalid_argument', issues[0]!.message, issues);
    host.repos.debrief.setRollout(args.sessionId, args.settings, host.clock.now());
    host.emit({
      event: 'sessions.changed',
      payload: { sessionId: args.sessionId, change: 'updated' },
    });
    return args.settings;
  },

  'decision.recommend': async (args, host) => {
    await storedFor(host, args.sessionId);
    return currentRecommendation(host, args.sessionId);
  },

  'decision.history': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return host.repos.debrief.decisions(args.sessionId);
  },

  'decision.gate': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return gateAnswer(host, args);
  },

  'decision.keys': (_args, host) => publishedKeys(host),

  'decision.sign': async (args, host, caller) => {
    // First, so that what is checked below is read after the wait, in one go with the figures.
    await storedFor(host, args.sessionId);
    const session = requireSession(host.repos, args.sessionId);
    if (session.status !== 'ended')
      throw new ApiError('conflict', 'End the session before signing its decision');
    const history = host.repos.debrief.decisions(args.sessionId);
    const latest = history.at(-1);
    if (latest && args.amends !== latest.id)
      throw new ApiError(
        'conflict',
        `Version ${latest.version} is signed and cannot be changed; amend it to record a new version`,
      );
    if (!latest && args.amends !== null)
      throw ApiError.field('amends', 'There is no signed decision to amend');
    const { rollout } = host.repos.debrief.debrief(args.sessionId);
    const d = args.decision;
    const stages = rollout.stages;
    const from = stages.findIndex((s) => s.key === rollout.currentStage);
    const to = d.toStage === null ? -1 : stages.findIndex((s) => s.key === d.toStage);
    if (d.toStage !== null && to < 0)
      throw ApiError.field('decision.toStage', `${d.toStage} is not one of the stages`);
    if (d.action === 'promote' && to <= from)
      throw ApiError.field('decision.toStage', 'Promote to a stage beyond the current one');
    if (d.action === 'rollback' && from === 0)
      throw ApiError.field(
        'decision.action',
        'The flag reaches only the first stage: nothing to roll back',
      );
    if (d.action === 'rollback' && (to < 0 || to >= from))
      throw ApiError.field('decision.toStage', 'Roll back to a stage before the current one');
    if (d.action === 'hold' && d.toStage !== null && to !== from)
      throw ApiError.field('decision.toStage', 'Hold keeps the flag where it is');
    // The product owner signs: when the session names one, the decision must be theirs.
    if (session.productOwnerId && d.approverId !== session.productOwnerId)
      throw ApiError.field(
        'decision.approverId',
        'Only the session’s product owner signs its decision',
      );
    if (
      d.approverId &&
      !host.repos.participants.list(args.sessionId).some((p) => p.id === d.approverId)
    )
      throw ApiError.field('decision.approverId', 'Not a participant of this session');
    const figures = feedFigures(host, args.sessionId);
    const recommendation = currentRecommendation(host, args.sessionId, figures);
    const toStage = d.action === 'hold' ? null : d.toStage;
    const decision: Decision = {
      ...d,
      toStage,
      id: newId(),
      sessionId: args.sessionId,
      version: (latest?.version ?? 0) + 1,
      amends: latest?.id ?? null,
      signedAt: new Date(host.clock.now()).toISOString(),
      fromStage: rollout.currentStage,
      recommendation,
      disagrees: d.action !== recommendation.action || toStage !== recommendation.toStage,
    };
    // The whole record as signed is kept with it: later edits to findings, outcomes or
    // settings never change what was signed (they may lead to an amendment).
    const snapshot = buildRecord(host, args.sessionId, decision, figures);
    const problems = recordProblems(snapshot);
    if (problems.length)
      throw new ApiError(
        'internal',
        `The decision record would not match its schema: ${problems.join('; ')}`,
      );
    // The record is also issued as a JWS anyone can verify with the host's public keys; it is
    // stored with the decision, in one transaction, with its line on the session's timeline.
    const { key, jws } = await signatureFor(host, args.sessionId, snapshot);
    const signer = snapshot.decision!.approver;
    writeTransaction(host.db, () => {
      // Signing waited for the key: a version signed meanwhile by someone else wins.
      if (host.repos.debrief.decisions(args.sessionId).at(-1)?.id !== latest?.id)
        throw new ApiError('conflict', 'Someone signed this decision meanwhile; reload to see it');
      host.repos.debrief.insertDecision(decision, snapshot);
      host.repos.signatures.addKey(key.publicJwk, host.clock.now());
      host.repos.signatures.insert(decision.id, key.kid, jws);
      host.repos.events.append(
        args.sessionId,
        'decision.signed',
        {
          decisionId: decision.id,
          version: decision.version,
          summary: actionPhrase(snapshot, decision.action, decision.toStage),
          signerId: signer.id,
          signerName: signer.name,
          kid: key.kid,
        },
        host.clock.now(),
        // Who made the call: the product owner's link, or null for the facilitator's app
        // (which signs in the product owner's name; the payload names the signer).
        actorOf(caller),
      );
    });
    host.emit({
      event: 'sessions.changed',
      payload: { sessionId: args.sessionId, change: 'updated' },
    });
    host.runChanged(args.sessionId); // the timeline shows the signature
    return decision;
  },
};
