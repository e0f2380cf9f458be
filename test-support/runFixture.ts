import { monotonicFactory } from 'ulid';
import type { OpInput } from '../shared/domain/notes';
import { createTempHost } from './tempHost';

const ulid = monotonicFactory();
const MIN = 60_000;

/** A real host on a test clock with a prepared session of four people and two goals. */
export async function runFixture(
  options: {
    noteWriters?: 'note-taker' | 'driver' | 'everyone';
    people?: string[];
    /** Real time instead of the frozen test clock (for sources that poll on real timers). */
    systemClock?: boolean;
    /** The feed writer thread's script (test-support/writerBundle.ts); none: store on the host's thread. */
    writerScript?: string;
  } = {},
) {
  const host = createTempHost(undefined, {
    testClock: options.systemClock ? false : 'frozen',
    ...(options.writerScript ? { writerScript: options.writerScript } : {}),
  });
  const { session } = await host.call('sessions.create', {
    title: 'Checkout',
    rotationMinutes: 8,
    breakEvery: 5,
    noteWriters: options.noteWriters ?? 'everyone',
  });
  const people: Record<string, string> = {};
  for (const name of options.people ?? ['Ana', 'Ben', 'Cleo', 'Dev']) {
    people[name] = (
      await host.call('participants.add', { sessionId: session.id, name, function: 'engineering' })
    ).id;
  }
  const goals = [
    (
      await host.call('goals.add', {
        sessionId: session.id,
        title: 'Pay by card',
        priority: 'must',
      })
    ).id,
    (await host.call('goals.add', { sessionId: session.id, title: 'Refund', priority: 'should' }))
      .id,
  ];
  const advance = (ms: number) => host.call('dev.advanceClock', { ms });
  const now = async () => (await host.call('run.state', { sessionId: session.id })).hostNow;
  const noteOp = (
    authorId: string,
    text: string,
    at: number,
    extra: Partial<{ goalId: string | null; type: string }> = {},
  ): OpInput => ({
    opId: ulid(),
    kind: 'note.create',
    at,
    note: {
      id: ulid(),
      type: (extra.type ?? 'observation') as 'observation',
      text,
      tags: [],
      authorId,
      goalId: extra.goalId ?? null,
    },
  });
  return { host, sessionId: session.id, people, goals, advance, now, noteOp };
}

/** The fixture's run with a bug, a risk and an observation noted, then ended. */
export async function endedRun(fx: Awaited<ReturnType<typeof runFixture>>) {
  const { host, sessionId, people, goals, noteOp, advance } = fx;
  const start = await host.call('run.start', { sessionId });
  const bug = noteOp(people.Cleo!, 'Coupon crashes checkout', start.hostNow + MIN, {
    type: 'bug',
    goalId: goals[0]!,
  });
  const risk = noteOp(people.Ben!, 'Refund may double-charge', start.hostNow + 2 * MIN, {
    type: 'risk',
  });
  const obs = noteOp(people.Ana!, 'Nice new layout', start.hostNow + 3 * MIN);
  await advance(4 * MIN);
  await host.call('notes.apply', { sessionId, ops: [bug, risk, obs] });
  await host.call('run.end', { sessionId });
  const idOf = (op: typeof bug) => (op.kind === 'note.create' ? op.note.id : '');
  return { ...fx, bugId: idOf(bug), riskId: idOf(risk) };
}
