import type { Action } from '../shared/domain/decision';
import type { createTempHost } from './tempHost';

type Host = ReturnType<typeof createTempHost>;

/** An ended session whose product owner signed `action` to `toStage` from `fromStage`. */
async function endedSession(host: Host, title: string, fromStage = 'internal') {
  const { session } = await host.call('sessions.create', { title });
  const sessionId = session.id;
  for (const name of ['Ana', 'Ben'])
    await host.call('participants.add', { sessionId, name, function: 'engineering' });
  await host.call('run.start', { sessionId });
  await host.call('run.end', { sessionId });
  if (fromStage !== 'internal') {
    const { rollout } = await host.call('debrief.get', { sessionId });
    await host.call('decision.updateRollout', {
      sessionId,
      settings: { ...rollout, currentStage: fromStage },
    });
  }
  return sessionId;
}

async function sign(host: Host, sessionId: string, action: Action, toStage: string | null) {
  const history = await host.call('decision.history', { sessionId });
  await host.call('decision.sign', {
    sessionId,
    amends: history.at(-1)?.id ?? null,
    decision: {
      action,
      toStage,
      rationale: 'Because the evidence says so',
      conditions: [],
      approverName: 'Dana',
      approverId: null,
    },
  });
}

/**
 * One session per state a pipeline meets (default stages internal → 1 → 10 → 50 → 100):
 * not signed yet, hold, roll back from 10 %, promote to 1 %, to 10 % and to 50 %, and a
 * promote to 50 % later amended to a roll back (the latest version counts).
 */
export async function signedSessions(host: Host) {
  const draft = await endedSession(host, 'Draft');
  const hold = await endedSession(host, 'Hold');
  await sign(host, hold, 'hold', null);
  const rollback = await endedSession(host, 'Roll back', '10');
  await sign(host, rollback, 'rollback', 'internal');
  const promote1 = await endedSession(host, 'Promote 1');
  await sign(host, promote1, 'promote', '1');
  const promote10 = await endedSession(host, 'Promote 10');
  await sign(host, promote10, 'promote', '10');
  const promote50 = await endedSession(host, 'Promote 50');
  await sign(host, promote50, 'promote', '50');
  const amended = await endedSession(host, 'Amended', '10');
  await sign(host, amended, 'promote', '50');
  await sign(host, amended, 'rollback', 'internal');
  return { draft, hold, rollback, promote1, promote10, promote50, amended };
}
