import { afterEach, describe, expect, it } from 'vitest';
import { endedRun, runFixture } from '../../../test-support/runFixture';
import { strictRows } from '../../../test-support/strictCsv';

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

  it('tracker formats carry current or signed findings as asked, and say which', async () => {
    fx = await runFixture();
    await fx.host.call('participants.update', {
      id: fx.people.Ben!,
      patch: { email: 'ben@shop.example' },
    });
    const { host, sessionId, bugId, riskId, people } = await endedRun(fx);
    const csv = async (args: { findings?: 'current' | 'signed'; pseudonymise?: boolean }) => {
      const out = await host.call('exports.render', { sessionId, format: 'csv', ...args });
      const [head, ...rows] = strictRows(out.content);
      const col = (name: string) => head!.indexOf(name);
      return {
        filename: out.filename,
        rows: rows.map((r) => ({
          summary: r[col('Summary')],
          assignee: r[col('Assignee')],
          description: r[col('Description')],
        })),
      };
    };
    // Nothing signed: there are no signed findings to export.
    await expect(
      host.call('exports.render', { sessionId, format: 'csv', findings: 'signed' }),
    ).rejects.toMatchObject({ code: 'conflict' });

    await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId], ownerId: people.Ben! },
    });
    await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'hold',
        toStage: null,
        rationale: 'Wait for the fix',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Refund double-charge', noteIds: [riskId], ownerId: people.Ana! },
    });

    const current = await csv({});
    expect(current.filename).toMatch(/-findings-current\.csv$/);
    expect(current.rows.map((r) => [r.summary, r.assignee])).toEqual([
      ['Coupon crash', 'ben@shop.example'],
      // Ana has no e-mail address: no Assignee rather than a display name.
      ['Refund double-charge', ''],
    ]);
    expect(current.rows[1]!.description).toMatch(
      /as the findings stood on .* UTC, after the decision signed on .* UTC\.$/,
    );

    const signed = await csv({ findings: 'signed' });
    expect(signed.filename).toMatch(/-findings-signed\.csv$/);
    expect(signed.rows.map((r) => r.summary)).toEqual(['Coupon crash']);
    expect(signed.rows[0]!.description).toMatch(/as signed with decision version 1 on .* UTC\.$/);

    // Pseudonymised exports name nobody, not even by e-mail.
    const anonymous = await csv({ pseudonymise: true });
    expect(anonymous.rows.map((r) => r.assignee)).toEqual(['', '']);

    const issues = await host.call('exports.render', { sessionId, format: 'issues' });
    expect(issues.content).toContain('## Refund double-charge');
    expect(issues.filename).toMatch(/-issues-current\.md$/);
  });
});
