import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { runFixture } from '../../../test-support/runFixture';
import { withLinks } from '../../../test-support/linksFixture';
import { rawEvent } from '../../../test-support/feedEvents';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

async function fixture(noteWriters: 'note-taker' | 'everyone' = 'everyone') {
  const fx = await withLinks(await runFixture({ noteWriters }));
  dispose = fx.host.dispose;
  return fx;
}

/** The error a call fails with (the test fails if it succeeds). */
async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('capabilities of personal links, enforced by the dispatcher', () => {
  it('lets the facilitator run the clock and rotation, and refuses everyone else with a reason', async () => {
    const { host, sessionId, people, as } = await fixture();
    const started = await host.call('run.start', { sessionId }, as('Ana'));
    expect(started.status).toBe('running');
    const refused = await refusal(host.call('run.rotate', { sessionId }, as('Cleo')));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toBe(
      'Cleo cannot run the clock, the rotation and the plan: only the facilitator can',
    );
    await host.call('run.rotate', { sessionId }, as('Ana'));
    // Who rotated is on the session's log.
    const { events } = await host.call('notes.timeline', { sessionId }, as('Cleo'));
    expect(events.filter((e) => e.type === 'rotation.rotated').map((e) => e.actorId)).toEqual([
      people.Ana,
    ]);
  });

  it('reaches only its own session, and never what only the host’s app does', async () => {
    const { host, as } = await fixture();
    const { session: other } = await host.call('sessions.create', { title: 'Other' });
    const refused = await refusal(host.call('run.state', { sessionId: other.id }, as('Ana')));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toBe('This link opens only the session “Checkout”');
    expect((await refusal(host.call('sessions.get', { id: other.id }, as('Ben')))).code).toBe(
      'forbidden',
    );
    for (const call of [
      host.call('sessions.list', {}, as('Ana')),
      host.call('app.backups', {}, as('Ana')),
      host.call('sessions.create', { title: 'Mine' }, as('Ana')),
    ])
      expect((await refusal(call)).code).toBe('forbidden');
  });

  it('signs only through the product owner’s link, as the product owner', async () => {
    const fx = await fixture();
    const { host, sessionId, people, as } = fx;
    await host.call('run.start', { sessionId }, as('Ana'));
    await host.call('run.end', { sessionId }, as('Ana'));
    const decision = (approverId: string, approverName: string) => ({
      sessionId,
      amends: null,
      decision: {
        action: 'hold' as const,
        toStage: null,
        rationale: 'Not enough evidence yet',
        conditions: [],
        approverName,
        approverId,
      },
    });
    const byAna = await refusal(
      host.call('decision.sign', decision(people.Ana!, 'Ana'), as('Ana')),
    );
    expect(byAna.message).toBe('Ana cannot sign the rollout decision: only the product owner can');
    // The facilitator's own app could name Dev; Ben's link cannot sign in Dev's name either.
    expect(
      (await refusal(host.call('decision.sign', decision(people.Dev!, 'Dev'), as('Ben')))).code,
    ).toBe('forbidden');
    const signed = await host.call('decision.sign', decision(people.Dev!, 'Dev'), as('Dev'));
    expect(signed.approverId).toBe(people.Dev);
    const { events } = await host.call('notes.timeline', { sessionId }, as('Dev'));
    const logged = events.find((e) => e.type === 'decision.signed');
    expect(logged?.actorId).toBe(people.Dev);
  });

  it('follows the session as it is now: a new facilitator may rotate at once, the old one not', async () => {
    const { host, sessionId, people, as } = await fixture();
    await host.call('sessions.update', { id: sessionId, patch: { facilitatorId: people.Ben! } });
    await host.call('run.start', { sessionId }, as('Ben'));
    expect((await refusal(host.call('run.pause', { sessionId }, as('Ana')))).code).toBe(
      'forbidden',
    );
    // Nobody's link may choose who facilitates or signs: the host's app does.
    const patch = { facilitatorId: people.Cleo! };
    const refused = await refusal(
      host.call('sessions.update', { id: sessionId, patch }, as('Ben')),
    );
    expect(refused.message).toMatch(/only in the facilitator’s own Ensemble app/);
  });

  it('refuses a revoked link with 401 and a reason, and a re-issued one replaces it', async () => {
    const { host, sessionId, people, links, tokens, as } = await fixture();
    const ben = as('Ben');
    await host.call('links.revoke', { sessionId, linkId: links.Ben! });
    const refused = await refusal(host.call('run.state', { sessionId }, ben));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toMatch(/revoked or replaced/);
    expect(host.identify(tokens.Ben)).toBe('revoked');
    // Re-issuing Cleo's link makes the old one stop working.
    const old = tokens.Cleo;
    await host.call('links.issue', { sessionId, participantId: people.Cleo! });
    expect(host.identify(old)).toBe('revoked');
    const log = (await host.call('notes.timeline', { sessionId })).events.map((e) => e.type);
    expect(log.filter((t) => t === 'link.revoked')).toHaveLength(2);
  });

  it('answers links.me with the person and what they may do now', async () => {
    const { host, as } = await fixture();
    expect(await host.call('links.me', {}, as('Dev'))).toMatchObject({
      kind: 'person',
      name: 'Dev',
      capabilities: ['view', 'contribute', 'sign'],
    });
    expect((await host.call('links.me', {})).kind).toBe('host');
  });
});

describe('notes from personal links', () => {
  it('are written as the link’s holder: a note naming someone else is rejected', async () => {
    const { host, sessionId, people, as, noteOp } = await fixture();
    const { hostNow } = await host.call('run.start', { sessionId }, as('Ana'));
    const mine = noteOp(people.Cleo!, 'Coupon field clears itself', hostNow);
    const forged = noteOp(people.Ben!, 'Ben never wrote this', hostNow);
    const { results } = await host.call(
      'notes.apply',
      { sessionId, ops: [mine, forged] },
      as('Cleo'),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(results[1]!.error).toBe('This link writes notes as Cleo only');
  });

  it('keep the team’s rule: with the note-taker writing, an observer’s note is refused', async () => {
    const { host, sessionId, people, as, noteOp } = await fixture('note-taker');
    const { hostNow, roles } = await host.call('run.start', { sessionId }, as('Ana'));
    const taker = roles.find((r) => r.roleKey === 'note-taker')!.participantId!;
    const observer = Object.entries(people).find(
      ([, id]) => !roles.some((r) => r.participantId === id),
    )![0];
    const name = Object.entries(people).find(([, id]) => id === taker)![0];
    const results = async (who: string) =>
      (
        await host.call(
          'notes.apply',
          { sessionId, ops: [noteOp(people[who]!, `From ${who}`, hostNow)] },
          as(who),
        )
      ).results[0]!;
    expect((await results(name)).status).toBe('applied');
    expect((await results(observer)).status).toBe('rejected');
  });

  it('may pin evidence to someone else’s note, but change only their own', async () => {
    const { host, sessionId, people, as, noteOp } = await fixture();
    const { hostNow } = await host.call('run.start', { sessionId }, as('Ana'));
    const op = noteOp(people.Ben!, 'Checkout hangs', hostNow);
    await host.call('notes.apply', { sessionId, ops: [op] }, as('Ben'));
    const noteId = op.kind === 'note.create' ? op.note.id : '';
    const edit = (patch: Record<string, unknown>, opId: string) => ({
      opId,
      kind: 'note.edit' as const,
      at: hostNow,
      editorId: null,
      noteId,
      patch,
    });
    const { results } = await host.call(
      'notes.apply',
      {
        sessionId,
        ops: [
          edit({ text: 'Cleo rewrote it' }, '01JAAAAAAAAAAAAAAAAAAAAAA1'),
          { ...edit({}, '01JAAAAAAAAAAAAAAAAAAAAAA2'), kind: 'note.delete' as const },
        ],
      },
      as('Cleo'),
    );
    expect(results.map((r) => r.error)).toEqual([
      'You can change your own notes; on other people’s notes you can pin evidence',
      'You can change your own notes; on other people’s notes you can pin evidence',
    ]);
    // An observer pins a log line they saw to Ben's note; removing his pins is not pinning.
    host.feeds.ingest('otlp', [rawEvent(hostNow, 'CheckoutError: total mismatch')]);
    host.feeds.flush();
    const [event] = (await host.call('feeds.query', { sessionId }, as('Cleo'))).events;
    const pin = { kind: 'event' as const, eventId: event!.id, summary: '' };
    const pinned = await host.call(
      'notes.apply',
      { sessionId, ops: [edit({ evidence: [pin] }, '01JAAAAAAAAAAAAAAAAAAAAAA4')] },
      as('Cleo'),
    );
    expect(pinned.results[0]!.status).toBe('applied');
    expect(pinned.notes[0]!.evidence).toHaveLength(1);
    const unpinned = await host.call(
      'notes.apply',
      { sessionId, ops: [edit({ evidence: [] }, '01JAAAAAAAAAAAAAAAAAAAAAA5')] },
      as('Cleo'),
    );
    expect(unpinned.results[0]!.status).toBe('rejected');
    // The edit from Ben's own link is recorded as his.
    const own = await host.call(
      'notes.apply',
      {
        sessionId,
        ops: [edit({ text: 'Checkout hangs on submit' }, '01JAAAAAAAAAAAAAAAAAAAAAA3')],
      },
      as('Ben'),
    );
    expect(own.results[0]!.status).toBe('applied');
    const { revisions } = await host.call('notes.history', { noteId }, as('Cleo'));
    expect(revisions.at(-1)?.editedBy).toBe(people.Ben);
  });
});
