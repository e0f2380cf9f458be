import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import { fixtureModel, SCREENSHOT_HASH, SCREENSHOT_PNG } from '../../../test-support/reportFixture';
import { renderExport } from './index';

const draftOf = (model: ReportModel): ReportModel => {
  const m = structuredClone(model);
  m.record.status = 'draft';
  m.record.decision = null;
  return m;
};
/** The page with runs of white space as one space and none between tags, as a browser reads it. */
const htmlOf = (model: ReportModel = fixtureModel) =>
  renderExport('html', model).content.replace(/\s+/g, ' ').replace(/> </g, '><');
const mdOf = (model: ReportModel = fixtureModel) => renderExport('md', model).content;

describe('HTML report', () => {
  const page = htmlOf();

  it('is one file that can fetch nothing and runs no script', () => {
    expect(renderExport('html', fixtureModel)).toMatchObject({
      mime: 'text/html',
      filename: 'checkout-v2-on-the-internal-tenant-report.html',
    });
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'" />`,
    );
    expect(page).not.toMatch(/<script|<link|<iframe|<object|@import|url\(/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    const urls = [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls).toEqual([`data:image/png;base64,${SCREENSHOT_PNG}`]);
  });

  it('renders text from findings as text', () => {
    expect(page).toContain(
      '(or &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;, which shows as text)',
    );
  });

  it('shows the decision, its disagreement with the recommendation, and each check with its threshold', () => {
    expect(page).toContain('<title>Decision record: Checkout v2 on the internal tenant</title>');
    expect(page).toContain('<strong>Promote to 10 %</strong>');
    expect(page).toContain('signed by Ana Souza on 2026-05-04 10:48 UTC');
    expect(page).toMatch(
      /This decision differs from the recommendation<\/strong> \(Hold at Internal tenant\)/,
    );
    expect(page).toContain('<li>F-2 is fixed before the 50 % stage</li>');
    expect(page).toMatch(
      /No new error group with 5 or more events.*?badge fail">Fail<.*?A new error group fails at 5 or more events/s,
    );
    expect(page).toMatch(/Error rate at most 2× the baseline.*?badge pass">Pass</s);
    expect(page).toContain(
      '<strong>Hold at Internal tenant</strong> · score 0 (fail) · 7 of 7 checks judged',
    );
  });

  it('highlights must-goals and lists every finding with its evidence and screenshot', () => {
    expect(page.match(/<tr class="must">/g)).toHaveLength(2);
    for (const ref of ['F-1', 'F-2', 'F-3', 'F-4']) expect(page).toContain(`<h3>${ref} `);
    expect(page).toContain('Error group <code>TimeoutError:payment-callback</code>');
    expect(page).toContain('trace <code>4bf92f3577b34da6a3ce929d0e0e4736</code>');
    expect(page).toContain('Log query <code>trace_id:4bf92f3577b34da6a3ce929d0e0e4736</code>');
    expect(page).toContain('alt="Confirmation page still spinning after 3DS"');
  });

  it('draws the four charts as inline SVG, the session start marked on the error rate', () => {
    const titles = [...page.matchAll(/<title id="chart-[a-z]+-t">([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    expect(titles).toEqual([
      'Errors per minute, baseline then session',
      'Time per goal',
      'Notes by type',
      'Notes by person',
    ]);
    expect(page).toContain('>Session start</text>');
    expect(page).toContain('Baseline 0.27/min');
    expect(page.match(/class="bar baseline"/g)).toHaveLength(6);
  });

  it('lists the feed gaps and the redaction counts', () => {
    expect(page).toMatch(/<td>Sentry<\/td>.*?<td>HTTP 429 Too Many Requests<\/td><td>Yes<\/td>/s);
    expect(page).toContain('<tr><td>email</td><td>12</td></tr>');
  });

  it('says a draft is not signed, and leaves out an image it cannot vouch for', () => {
    const model = draftOf(fixtureModel);
    model.screenshots[SCREENSHOT_HASH] = { mime: 'text/html', base64: SCREENSHOT_PNG };
    const draft = htmlOf(model);
    expect(draft).toContain('<strong>Draft: not signed yet.</strong>');
    expect(draft).not.toContain('src="data:');
    expect(draft).toContain('(image not included)');
  });
});

describe('Markdown report', () => {
  const md = mdOf();

  it('has the same sections as the HTML report', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Scope',
      '## Decision',
      '## Recommendation',
      '## Goals',
      '## Findings',
      '## Debrief',
      '## Metrics',
      '## Feed gaps',
      '## Redactions',
      '## Audit trail',
    ]);
    expect(md).toContain('**Promote to 10 %** — signed by Ana Souza on 2026-05-04 10:48 UTC.');
    expect(md).toContain(
      '> **This decision differs from the recommendation** (Hold at Internal tenant).',
    );
    expect(md).toContain('| **Apply a voucher at checkout** | **Must** | Partly met |');
    expect(md).toContain(
      '| No new error group with 5 or more events (critical) | **Fail** | 1 new error group with 5+ events only where the flag is on: TimeoutError (14) |',
    );
  });

  it('compares the tenant with the tenants without the flag, and says which new groups they have too', () => {
    const e = fixtureModel.record.metrics.errors;
    expect(md).toMatch(
      new RegExp(
        `- \\*\\*Without the flag\\*\\* \\(the other tenants, same minutes\\): ${e.control!.errors} errors in ${e.control!.events} events \\(\\d+\\.\\d % errors\\); with it: \\d+\\.\\d % errors`,
      ),
    );
    expect(md).toContain('| Group | Type | Sample | Events | Without the flag | First seen |');
    expect(md).toMatch(/\| TypeError \| .* \| 2 \| 31 \|/);
    expect(htmlOf()).toContain('<dt>Without the flag</dt>');
  });

  it('keeps outside text as text', () => {
    expect(md).toContain("(or \\<script\\>alert('x')\\</script\\>, which shows as text)");
    const model = structuredClone(fixtureModel);
    model.record.debrief.outlook =
      '# Not a heading\n- not a list\n[a link](http://x.example) | pipe';
    expect(mdOf(model)).toContain(
      '\\# Not a heading  \n\\- not a list  \n\\[a link\\](http://x.example) \\| pipe',
    );
  });

  it('says a draft is not signed', () => {
    expect(mdOf(draftOf(fixtureModel))).toContain('**Draft: not signed yet.**');
  });
});

describe('the audit trail section', () => {
  it('lists each entry with its time to the second, who and what, in both reports', () => {
    const md = mdOf();
    expect(md).toContain('from the session’s log as of 2026-05-04 11:02:13 UTC');
    expect(md).toContain(
      '| 2026-05-04 09:11:31 UTC | Ben Okafor (personal link) | Rotated |\n| 2026-05-04 09:40:05 UTC | Ben Okafor (personal link) | Personal link of Chen Wei revoked |',
    );
    const page = htmlOf();
    expect(page).toContain(
      '<td class="mono">2026-05-04 10:48:00 UTC</td><td>Ana Souza (personal link)</td><td>Decision signed by Ana Souza: Promote to 10 % (version 1)</td>',
    );
    expect(page).toContain('<td>the facilitator’s app</td><td>Rotated (turn ended)</td>');
  });

  it('says so when the log has nothing to list', () => {
    const model = structuredClone(fixtureModel);
    model.audit.entries = [];
    expect(mdOf(model)).toContain('## Audit trail');
    expect(mdOf(model)).toContain('_Nothing recorded yet._');
    expect(htmlOf(model)).toContain('<p class="empty">Nothing recorded yet.</p>');
  });
});

describe('Markdown issue drafts', () => {
  it('drafts one issue per finding still open or accepted', () => {
    const { content, filename } = renderExport('issues', fixtureModel);
    expect(filename).toBe('checkout-v2-on-the-internal-tenant-issues-signed.md');
    expect(content).toContain(
      '3 findings are still open or accepted, as signed with decision version 1 on 2026-05-04 10:48 UTC.',
    );
    const titles = content.split('\n').filter((l) => l.startsWith('## '));
    expect(titles).toEqual([
      '## Voucher field clears on a validation error',
      '## Shipping options take 2.4 s to load on 3G',
      '## Add a dashboard panel for 3-D Secure callbacks',
    ]);
    expect(content).toContain('- **Priority:** High (Major)');
    expect(content).toContain('- **Labels:** ensemble, usability, major');
  });

  it('says so when nothing needs following up', () => {
    const model = structuredClone(fixtureModel);
    for (const f of model.record.findings) f.status = 'fixed';
    expect(renderExport('issues', model).content).toContain(
      'Every finding is fixed or set aside, as signed with decision version 1 on 2026-05-04 10:48 UTC: nothing to follow up.',
    );
  });
});
