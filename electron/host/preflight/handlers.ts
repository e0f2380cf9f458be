import { ApiError } from '../../../shared/api/errors';
import {
  blockingChecks,
  TOKEN_KINDS,
  type FlagSystem,
  type PreflightState,
  type RecordPreflight,
} from '../../../shared/domain/preflight';
import { actorOf, type HandlerMap, type HostContext } from '../context';
import { requireLocal } from '../feeds/sources/handlers';
import { record } from '../run/service';
import { requireEditable, requireSession } from '../sessions/guards';
import { runChecks, tokenKey } from './checks';
import type { StoredPreflight } from './repo';

function stateOf(host: HostContext, sessionId: string, stored?: StoredPreflight): PreflightState {
  const session = requireSession(host.repos, sessionId);
  const p = stored ?? host.repos.preflight.get(sessionId);
  return {
    sessionId,
    ...p,
    hasToken: host.secrets.has(tokenKey(sessionId)),
    blocking: p.result ? blockingChecks(p.result.checks, session.flagKey !== '') : [],
  };
}

const usesToken = (system: FlagSystem) => (TOKEN_KINDS as readonly string[]).includes(system.kind);

function requirePerson(host: HostContext, sessionId: string, participantId: string) {
  const person = host.repos.participants.get(participantId);
  if (!person || person.sessionId !== sessionId)
    throw ApiError.field('participantId', 'Not a participant of this session');
  return person;
}

/** Run the checks and keep the result (the override stays: Start compares it with the result). */
export async function runPreflight(
  host: HostContext,
  sessionId: string,
  trigger: 'prepare' | 'start',
): Promise<StoredPreflight> {
  const result = await runChecks(host, sessionId, host.repos.preflight.get(sessionId), trigger);
  return host.repos.preflight.update(sessionId, host.clock.now(), (p) => ({ ...p, result }));
}

/**
 * What run.start asks: the pre-flight again, now. Start is refused while a check blocks that the
 * facilitator's override does not name; the error names the checks.
 */
export async function requirePreflight(host: HostContext, sessionId: string) {
  const session = requireEditable(host.repos, sessionId);
  const stored = await runPreflight(host, sessionId, 'start');
  const blocking = blockingChecks(stored.result!.checks, session.flagKey !== '');
  const covered = new Set(stored.override?.items ?? []);
  const open = stored.result!.checks.filter((c) => blocking.includes(c.key) && !covered.has(c.key));
  if (open.length > 0)
    throw new ApiError(
      'conflict',
      `The pre-flight does not pass: ${open
        .map((c) => `${c.label} (${c.status}: ${c.detail})`)
        .join('; ')}. Fix these, or the facilitator overrides them with a reason`,
    );
}

/** The pre-flight as the decision record carries it; null when it never ran. */
export function recordPreflight(host: HostContext, sessionId: string): RecordPreflight | null {
  const p = host.repos.preflight.get(sessionId);
  if (!p.result) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ranAt: iso(p.result.ranAt),
    trigger: p.result.trigger,
    checks: p.result.checks.map((c) => ({ ...c, checkedAt: iso(c.checkedAt) })),
    override: p.override && {
      by: p.override.name,
      reason: p.override.reason,
      at: iso(p.override.at),
      items: p.override.items,
    },
  };
}

export const preflightHandlers: HandlerMap<
  | 'preflight.get'
  | 'preflight.run'
  | 'preflight.setSettings'
  | 'preflight.setChecklist'
  | 'preflight.tick'
  | 'preflight.override'
> = {
  'preflight.get': (args, host) => stateOf(host, args.sessionId),

  'preflight.run': async (args, host) => {
    requireEditable(host.repos, args.sessionId);
    return stateOf(host, args.sessionId, await runPreflight(host, args.sessionId, 'prepare'));
  },

  'preflight.setSettings': (args, host, caller) => {
    requireEditable(host.repos, args.sessionId);
    // It reads a file on this machine or sends a token: as much trust as adding a feed source.
    requireLocal(caller, 'The flag system can be set');
    const key = tokenKey(args.sessionId);
    const system = args.settings.flagSystem;
    // A kept credential goes only to the system and address it was typed for: a new kind or
    // address forgets it unless a new one comes with it.
    const before = JSON.stringify(host.repos.preflight.get(args.sessionId).settings.flagSystem);
    const moved = before !== JSON.stringify(system);
    if (args.token === null || !usesToken(system)) host.secrets.delete(key);
    else if (args.token !== undefined) host.secrets.set(key, args.token);
    else if (moved) host.secrets.delete(key);
    const stored = host.repos.preflight.update(args.sessionId, host.clock.now(), (p) => ({
      ...p,
      settings: args.settings,
    }));
    return stateOf(host, args.sessionId, stored);
  },

  'preflight.setChecklist': (args, host) => {
    requireEditable(host.repos, args.sessionId);
    const stored = host.repos.preflight.update(args.sessionId, host.clock.now(), (p) => {
      const ticks = new Map(p.checklist.map((g) => [g.text, g.tick]));
      return {
        ...p,
        checklist: args.items.map((text, i) => ({
          id: `g${i + 1}`,
          text,
          tick: ticks.get(text) ?? null,
        })),
      };
    });
    return stateOf(host, args.sessionId, stored);
  },

  'preflight.tick': (args, host) => {
    requireEditable(host.repos, args.sessionId);
    const person = requirePerson(host, args.sessionId, args.participantId);
    const now = host.clock.now();
    const stored = host.repos.preflight.update(args.sessionId, now, (p) => {
      if (!p.checklist.some((g) => g.id === args.itemId))
        throw ApiError.field('itemId', 'Not a guardrail of this session');
      return {
        ...p,
        checklist: p.checklist.map((g) =>
          g.id !== args.itemId
            ? g
            : {
                ...g,
                tick: args.ticked ? { participantId: person.id, name: person.name, at: now } : null,
              },
        ),
      };
    });
    return stateOf(host, args.sessionId, stored);
  },

  'preflight.override': (args, host, caller) => {
    const session = requireEditable(host.repos, args.sessionId);
    const person = requirePerson(host, args.sessionId, args.participantId);
    if (session.facilitatorId && session.facilitatorId !== person.id) {
      const facilitator = host.repos.participants.get(session.facilitatorId)?.name;
      throw ApiError.field(
        'participantId',
        `Only the facilitator${facilitator ? ` (${facilitator})` : ''} can override the pre-flight`,
      );
    }
    const current = stateOf(host, args.sessionId);
    if (!current.result)
      throw new ApiError('conflict', 'Run the pre-flight first: an override names what it skips');
    if (current.blocking.length === 0)
      throw new ApiError('conflict', 'Nothing to override: no pre-flight check blocks Start');
    const now = host.clock.now();
    const override = {
      participantId: person.id,
      name: person.name,
      reason: args.reason,
      at: now,
      items: current.blocking,
    };
    const stored = host.repos.preflight.update(args.sessionId, now, (p) => ({ ...p, override }));
    const labels = current.result.checks
      .filter((c) => current.blocking.includes(c.key))
      .map((c) => c.label);
    record(
      host,
      args.sessionId,
      [
        {
          type: 'preflight.overridden',
          payload: {
            participantId: person.id,
            name: person.name,
            reason: args.reason,
            items: labels,
          },
        },
      ],
      actorOf(caller),
    );
    return stateOf(host, args.sessionId, stored);
  },
};
