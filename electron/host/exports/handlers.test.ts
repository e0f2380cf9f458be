import { afterEach, describe, expect, it } from 'vitest';
import { endedRun, runFixture } from '../../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const endedSession = async () => endedRun((fx = await runFixture()));

describe('exports.render', () => {
  it('exports the decision record as JSON, pseudonymised when asked', async () => {
    const { host, sessionId, bugId } = await endedSession();
    await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId] },
    });
    const out = await host.call('exports.render', {
      sessionId,
      format: 'json',
      pseudonymise: true,
    });
    const record = JSON.parse(out.content);
    expect(record).toMatchObject({
      status: 'draft',
      session: { pseudonymised: true },
      scope: { tenantValue: 'internal' },
    });
    expect(record.session.participants.map((p: { name: string }) => p.name)).toEqual([
      'Participant 1',
      'Participant 2',
      'Participant 3',
      'Participant 4',
    ]);
    expect(out.content).not.toContain('Cleo');
    expect(record.findings[0]).toMatchObject({ ref: 'F-1', notes: [{ author: 'Participant 3' }] });
  });
});
