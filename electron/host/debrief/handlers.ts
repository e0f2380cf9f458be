import { ApiError } from '../../../shared/api/errors';
import {
  evidenceKey,
  findingFields,
  SEVERITIES,
  type Finding,
  type FindingEvidence,
  type FindingFields,
} from '../../../shared/domain/debrief';
import type { Note } from '../../../shared/domain/notes';
import type { Session } from '../../../shared/domain/session';
import type { HandlerMap, HostContext } from '../context';
import { goalMinutes, sessionMetrics } from '../decision/evidence';
import { requireSession } from '../sessions/guards';
import { storedFor } from '../feeds/query/sessionFeed';
import { writeTransaction } from '../db/write';

/** The debrief begins once the session has started; a draft has nothing to debrief. */
export function requireDebriefable(host: HostContext, sessionId: string): Session {
  const session = requireSession(host.repos, sessionId);
  if (session.status === 'draft')
    throw new ApiError(
      'conflict',
      `"${session.title}" has not run yet; there is nothing to debrief`,
    );
  return session;
}

function requireFinding(host: HostContext, id: string): Finding {
  const finding = host.repos.debrief.finding(id);
  if (!finding) throw new ApiError('not_found', `Finding ${id} not found`);
  return finding;
}

/** Goals, owners and notes a finding names must be the session's own. */
function checkRefs(host: HostContext, sessionId: string, f: FindingFields, prefix: string) {
  if (f.goalId && !host.repos.goals.list(sessionId).some((g) => g.id === f.goalId))
    throw ApiError.field(`${prefix}.goalId`, 'Not a goal of this session');
  if (f.ownerId && !host.repos.participants.list(sessionId).some((p) => p.id === f.ownerId))
    throw ApiError.field(`${prefix}.ownerId`, 'Not a participant of this session');
  const notes = new Set(host.repos.notes.list(sessionId).map((n) => n.id));
  const stray = f.noteIds.find((id) => !notes.has(id));
  if (stray)
    throw ApiError.field(`${prefix}.noteIds`, `Note ${stray} is not a note of this session`);
}

export const mergeEvidence = (...lists: FindingEvidence[][]): FindingEvidence[] => {
  const seen = new Map<string, FindingEvidence>();
  for (const e of lists.flat()) if (!seen.has(evidenceKey(e))) seen.set(evidenceKey(e), e);
  return [...seen.values()].slice(0, 50);
};

/** A note's pinned log events and error groups follow it into the finding. */
const notesEvidence = (notes: Note[], ids: string[]) =>
  notes.filter((n) => ids.includes(n.id)).flatMap((n) => n.evidence);

/** Most open first: an open finding merged with a fixed one stays open. */
const STATUS_ORDER = ['open', 'accepted', 'wont-fix', 'fixed'] as const;
const worst = <T extends string>(order: readonly T[], values: T[]): T =>
  order[Math.min(...values.map((v) => order.indexOf(v)))]!;

const NOTE_TYPE_TO_FINDING = { bug: 'bug', risk: 'follow-up', question: 'question' } as const;

export function untriaged(host: HostContext, sessionId: string): Note[] {
  const promoted = new Set(host.repos.debrief.findings(sessionId).flatMap((f) => f.noteIds));
  const dismissed = new Set(host.repos.debrief.debrief(sessionId).dismissedNotes);
  return host.repos.notes
    .list(sessionId)
    .filter(
      (n) =>
        n.deletedAt === null &&
        (n.type === 'bug' || n.type === 'risk') &&
        !promoted.has(n.id) &&
        !dismissed.has(n.id),
    );
}

const changed = (host: HostContext, sessionId: string) =>
  host.emit({ event: 'sessions.changed', payload: { sessionId, change: 'updated' } });

export const debriefHandlers: HandlerMap<
  | 'debrief.get'
  | 'debrief.createFinding'
  | 'debrief.updateFinding'
  | 'debrief.removeFinding'
  | 'debrief.mergeFindings'
  | 'debrief.setOutcome'
  | 'debrief.updateText'
  | 'debrief.dismissNote'
  | 'debrief.metrics'
> = {
  'debrief.get': (args, host) => {
    requireSession(host.repos, args.sessionId);
    const d = host.repos.debrief.debrief(args.sessionId);
    return {
      findings: host.repos.debrief.findings(args.sessionId),
      outcomes: host.repos.debrief.outcomes(args.sessionId),
      text: d.text,
      rollout: d.rollout,
      untriaged: untriaged(host, args.sessionId),
      notes: host.repos.notes.list(args.sessionId).filter((n) => n.deletedAt === null),
    };
  },

  'debrief.createFinding': (args, host) => {
    requireDebriefable(host, args.sessionId);
    const notes = host.repos.notes.list(args.sessionId);
    const first = notes.find((n) => n.id === args.finding.noteIds?.[0]);
    const noteIds = args.finding.noteIds ?? [];
    const fields: FindingFields = {
      description: '',
      type: first ? (NOTE_TYPE_TO_FINDING[first.type as 'bug'] ?? 'follow-up') : 'bug',
      severity: 'minor',
      goalId: first?.goalId ?? null,
      ownerId: null,
      status: 'open',
      ...args.finding,
      noteIds,
      evidence: mergeEvidence(args.finding.evidence ?? [], notesEvidence(notes, noteIds)),
    };
    checkRefs(host, args.sessionId, fields, 'finding');
    const finding = writeTransaction(host.db, () =>
      host.repos.debrief.createFinding(args.sessionId, fields, host.clock.now()),
    );
    changed(host, args.sessionId);
    return finding;
  },

  'debrief.updateFinding': (args, host) => {
    const current = requireFinding(host, args.id);
    requireDebriefable(host, current.sessionId);
    const next: FindingFields = { ...findingFields(current), ...args.patch };
    if (args.patch.noteIds) {
      const added = args.patch.noteIds.filter((id) => !current.noteIds.includes(id));
      next.evidence = mergeEvidence(
        next.evidence,
        notesEvidence(host.repos.notes.list(current.sessionId), added),
      );
    }
    checkRefs(host, current.sessionId, next, 'patch');
    const finding = host.repos.debrief.updateFinding(args.id, next, host.clock.now());
    changed(host, current.sessionId);
    return finding;
  },

  'debrief.removeFinding': (args, host) => {
    const current = requireFinding(host, args.id);
    requireDebriefable(host, current.sessionId);
    host.repos.debrief.deleteFinding(args.id, host.clock.now());
    changed(host, current.sessionId);
    return { removed: true };
  },

  'debrief.mergeFindings': (args, host) => {
    const target = requireFinding(host, args.targetId);
    requireDebriefable(host, target.sessionId);
    const sources = args.sourceIds.map((id) => requireFinding(host, id));
    if (sources.some((s) => s.sessionId !== target.sessionId))
      throw ApiError.field('sourceIds', 'Findings of another session cannot be merged');
    if (sources.some((s) => s.id === target.id))
      throw ApiError.field('sourceIds', 'A finding cannot be merged into itself');
    const now = host.clock.now();
    const merged = writeTransaction(host.db, () => {
      const result = host.repos.debrief.updateFinding(
        target.id,
        {
          ...findingFields(target),
          // The merged finding is as serious and as open as the worst of them: merging must
          // never hide a blocker from the recommendation.
          severity: worst(
            SEVERITIES,
            [target, ...sources].map((f) => f.severity),
          ),
          status: worst(
            STATUS_ORDER,
            [target, ...sources].map((f) => f.status),
          ),
          goalId: target.goalId ?? sources.find((s) => s.goalId)?.goalId ?? null,
          ownerId: target.ownerId ?? sources.find((s) => s.ownerId)?.ownerId ?? null,
          description: [target.description, ...sources.map((s) => s.description)]
            .filter(Boolean)
            .join('\n\n')
            .slice(0, 10_000),
          noteIds: [...new Set([...target.noteIds, ...sources.flatMap((s) => s.noteIds)])].slice(
            0,
            100,
          ),
          evidence: mergeEvidence(target.evidence, ...sources.map((s) => s.evidence)),
        },
        now,
      );
      for (const s of sources) host.repos.debrief.markMerged(s.id, target.id, now);
      return result;
    });
    changed(host, target.sessionId);
    return merged;
  },

  'debrief.setOutcome': (args, host) => {
    requireDebriefable(host, args.sessionId);
    if (!host.repos.goals.list(args.sessionId).some((g) => g.id === args.goalId))
      throw ApiError.field('goalId', 'Not a goal of this session');
    if (args.outcome === null) host.repos.debrief.clearOutcome(args.goalId);
    else
      host.repos.debrief.setOutcome(
        args.sessionId,
        { goalId: args.goalId, outcome: args.outcome, reason: args.reason },
        host.clock.now(),
      );
    changed(host, args.sessionId);
    return host.repos.debrief.outcomes(args.sessionId);
  },

  'debrief.updateText': (args, host) => {
    requireDebriefable(host, args.sessionId);
    const text = { ...host.repos.debrief.debrief(args.sessionId).text, ...args.text };
    host.repos.debrief.setText(args.sessionId, text, host.clock.now());
    changed(host, args.sessionId);
    return text;
  },

  'debrief.dismissNote': (args, host) => {
    requireDebriefable(host, args.sessionId);
    if (!host.repos.notes.list(args.sessionId).some((n) => n.id === args.noteId))
      throw ApiError.field('noteId', 'Not a note of this session');
    const current = new Set(host.repos.debrief.debrief(args.sessionId).dismissedNotes);
    if (args.dismissed) current.add(args.noteId);
    else current.delete(args.noteId);
    host.repos.debrief.setDismissed(args.sessionId, [...current], host.clock.now());
    changed(host, args.sessionId);
    return { untriaged: untriaged(host, args.sessionId) };
  },

  'debrief.metrics': async (args, host) => {
    await storedFor(host, args.sessionId);
    return {
      metrics: sessionMetrics(host, args.sessionId),
      goalMinutes: goalMinutes(host, args.sessionId),
    };
  },
};
