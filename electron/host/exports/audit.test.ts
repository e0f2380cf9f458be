import { afterEach, describe, expect, it } from 'vitest';
import { withLinks } from '../../../test-support/linksFixture';
import { runFixture } from '../../../test-support/runFixture';
import { createEventRepo } from '../run/eventRepo';

const HOSTILE = '<img src=x onerror=alert(1)>';
const APP = 'the facilitator’s app';
/** Host time as the audit trail prints it: UTC, to the second. */
const utc = (t: number) => `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

/**
 * A session with a personal link for each person (issued in the facilitator's app), Ana
 * facilitating through hers: she overrides the pre-flight, starts, rotates and ends; the app
 * revokes Cleo's link; Dev signs through his. Each moment's host time is kept.
 */
async function auditedSession() {
  const fx = await withLinks(await runFixture({ people: ['Ana', 'Ben', 'Cleo', 'Dev', HOSTILE] }));
  dispose = fx.host.dispose;
  const { host, sessionId, people, links, as, advance, now } = fx;
  const t: Record<string, number> = { issued: await now() };
  // Zoe had a link, then left before the session started: the record does not list her.
  const zoe = await host.call('participants.add', { sessionId, name: 'Zoe', function: 'support' });
  await host.call('links.issue', { sessionId, participantId: zoe.id });
  await host.call('participants.remove', { id: zoe.id });
  await host.call('feeds.updateSettings', {
    sessionId,
    settings: {
      tenantKey: 'tenant.id',
      sentryTenantTag: 'tenant',
      redaction: {
        redactIps: false,
        extraKeys: [],
        patterns: [{ name: 'customer', pattern: 'CUST-\\d+' }],
      },
    },
  });
  // A flag and no flag system: the pre-flight blocks Start until someone overrides it.
  await host.call('sessions.update', { id: sessionId, patch: { flagKey: 'new-checkout' } });
  await host.call('preflight.run', { sessionId });
  await advance(1_500);
  t.override = await now();
  await host.call(
    'preflight.override',
    {
      sessionId,
      participantId: people.Ana!,
      reason: 'Flag checked by hand for CUST-48213; ask ops@acme.example',
    },
    as('Ana'),
  );
  await host.call('run.start', { sessionId }, as('Ana'));
  await advance(61_250);
  t.rotate = await now();
  await host.call('run.rotate', { sessionId }, as('Ana'));
  await advance(30_000);
  t.revoke = await now();
  await host.call('links.revoke', { sessionId, linkId: links.Cleo! });
  await host.call('run.end', { sessionId }, as('Ana'));
  await advance(7_000);
  t.sign = await now();
  await host.call(
    'decision.sign',
    {
      sessionId,
      amends: null,
      decision: {
        action: 'hold',
        toStage: null,
        rationale: 'Not enough evidence yet',
        conditions: [],
        approverName: 'Dev',
        approverId: people.Dev!,
      },
    },
    as('Dev'),
  );
  await advance(3_000);
  t.exported = await now();
  const render = async (format: 'md' | 'html' | 'json', pseudonymise = false) =>
    (await host.call('exports.render', { sessionId, format, pseudonymise })).content;
  return { ...fx, t, render };
}

/** The page with runs of white space as one space and none between tags. */
const flat = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><');

describe('the audit trail in the reports', () => {
  it('lists who did what, to the second, naming the personal link or the facilitator’s app', async () => {
    const { t, render } = await auditedSession();
    const md = await render('md');
    const section = md.slice(md.indexOf('## Audit trail'));
    expect(section).toContain(`from the session’s log as of ${utc(t.exported!)}`);
    expect(section).toContain('| Time | Who | What |');
    expect(section).toContain(`| ${utc(t.issued!)} | ${APP} | Personal link issued to Ben |`);
    // The reason went through the session's redaction rules, its own pattern included.
    expect(section).toMatch(
      new RegExp(
        `\\| ${utc(t.override!)} \\| Ana \\(personal link\\) \\| Pre-flight overridden by Ana \\(Flag on for the tenant internal; .+\\): Flag checked by hand for \\[redacted:customer\\]; ask \\[redacted:email\\\\\\] \\|`,
      ),
    );
    expect(section).toContain(`| ${utc(t.override!)} | Ana (personal link) | Session started |`);
    expect(section).toContain(`| ${utc(t.rotate!)} | Ana (personal link) | Rotated |`);
    expect(section).toContain(`| ${utc(t.revoke!)} | ${APP} | Personal link of Cleo revoked |`);
    expect(section).toContain(`| ${utc(t.revoke!)} | Ana (personal link) | Session ended |`);
    expect(section).toMatch(
      new RegExp(
        `\\| ${utc(t.sign!)} \\| Dev \\(personal link\\) \\| Decision signed by Dev: Hold at .+ \\(version 1\\) \\|`,
      ),
    );
    expect(md).not.toContain('CUST-48213');
    expect(md).not.toContain('ops@acme.example');

    const html = flat(await render('html'));
    expect(html).toContain('<h2>Audit trail</h2>');
    expect(html).toContain(
      `<td class="mono">${utc(t.rotate!)}</td><td>Ana (personal link)</td><td>Rotated</td>`,
    );
    expect(html).toContain(
      `<td class="mono">${utc(t.revoke!)}</td><td>${APP}</td><td>Personal link of Cleo revoked</td>`,
    );
    expect(html).toMatch(/<td>Dev \(personal link\)<\/td><td>Decision signed by Dev: Hold at /);
    expect(html).toContain('Flag checked by hand for [redacted:customer]; ask [redacted:email]');
  });

  it('keeps it out of the signed decision record', async () => {
    const { render } = await auditedSession();
    const record = JSON.parse(await render('json')) as Record<string, unknown>;
    expect(Object.keys(record)).not.toContain('audit');
    expect(JSON.stringify(record)).not.toContain('personal link');
  });

  it('renders a name made of markup as text', async () => {
    const { t, render } = await auditedSession();
    const html = flat(await render('html'));
    expect(html).toContain(
      `<td>${APP}</td><td>Personal link issued to &lt;img src=x onerror=alert(1)&gt;</td>`,
    );
    expect(html).not.toMatch(/<img\s/);
    expect(await render('md')).toContain(
      `| ${utc(t.issued!)} | ${APP} | Personal link issued to \\<img src=x onerror=alert(1)\\> |`,
    );
  });

  it('names nobody when pseudonymised: the record’s pseudonyms, the next ones for people it does not list', async () => {
    const { t, render } = await auditedSession();
    const real = /\b(Ana|Ben|Cleo|Dev|Zoe)\b|img src/;
    const md = await render('md', true);
    const html = await render('html', true);
    expect(md).not.toMatch(real);
    expect(html).not.toMatch(real);
    const section = md.slice(md.indexOf('## Audit trail'));
    expect(section).toContain(`| ${utc(t.rotate!)} | Participant 1 (personal link) | Rotated |`);
    expect(section).toContain(`| ${APP} | Personal link of Participant 3 revoked |`);
    expect(section).toContain(
      '| Participant 1 (personal link) | Pre-flight overridden by Participant 1 (',
    );
    expect(section).toMatch(
      /\| Participant 4 \(personal link\) \| Decision signed by Participant 4: Hold at .+ \(version 1\) \|/,
    );
    expect(section).toContain(`| ${APP} | Personal link issued to Participant 5 |`);
    expect(section).toContain(`| ${APP} | Personal link issued to Participant 6 |`);
    // Without pseudonyms, Zoe is named as she was called when her link was issued.
    expect(await render('md')).toContain(`| ${APP} | Personal link issued to Zoe |`);
  });
});

describe('a long audit trail', () => {
  it('keeps the first and last 500 entries and says how many were left out, and when', async () => {
    const fx = await runFixture();
    dispose = fx.host.dispose;
    const { host, sessionId, advance } = fx;
    const start = await host.call('run.start', { sessionId });
    // 1,100 rotations a second apart, written to the log as the host writes them.
    const log = createEventRepo(host.db);
    host.db.transaction(() => {
      for (let i = 1; i <= 1_100; i++)
        log.append(sessionId, 'rotation.rotated', { reason: 'manual' }, start.hostNow + i * 1_000);
    })();
    await advance(1_101_000);
    await host.call('run.end', { sessionId });
    const { events } = await host.call('notes.timeline', { sessionId });
    const rotations = events.filter((e) => e.type === 'rotation.rotated');
    expect(rotations).toHaveLength(1_100);
    const render = async (format: 'md' | 'html') =>
      (await host.call('exports.render', { sessionId, format, pseudonymise: false })).content;

    const md = await render('md');
    const rows = md
      .slice(md.indexOf('## Audit trail'))
      .split('\n')
      .filter((l) => l.startsWith('| 20') || l.startsWith('| …'));
    expect(rows).toHaveLength(1_001);
    expect(rows[0]).toContain('| Session started |');
    expect(rows.at(-1)).toContain('| Session ended |');
    // Left out: rotations 500 to 601 (1-based), between the 499th and the 600th-from-last.
    expect(rows[500]).toBe(
      `| … |  | _102 entries left out, from ${utc(rotations[499]!.at)} to ${utc(rotations[600]!.at)}_ |`,
    );
    expect(md).toContain(
      'The log has 1102 such entries: the first 500 and the last 500 are listed.',
    );
    const html = flat(await render('html'));
    expect(html).toContain(
      `<tr class="omitted"><td>…</td><td></td><td><em>102 entries left out, from ${utc(rotations[499]!.at)} to ${utc(rotations[600]!.at)}</em></td></tr>`,
    );
  });
});
