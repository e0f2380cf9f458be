import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../shared/api/exports';
import { fixtureModel, SCREENSHOT_HASH, SECRETS } from '../../../test-support/reportFixture';
import { redactModel, renderExport } from './index';

describe('redaction in every export', () => {
  it('fixture texts carry the secrets, so the test below means something', () => {
    const raw = JSON.stringify(fixtureModel.record);
    for (const secret of Object.values(SECRETS)) expect(raw).toContain(secret);
  });

  it.each(EXPORT_FORMATS)('%s: no e-mail, bearer token or card number gets out', (format) => {
    const { content } = renderExport(format, fixtureModel);
    for (const secret of Object.values(SECRETS)) expect(content).not.toContain(secret);
    // The payload files carry no free text; every other format shows where text was cut.
    if (!['flagd', 'flagd-patch', 'unleash', 'posthog'].includes(format))
      expect(content).toContain('[redacted:');
  });

  it('redacts the note, the finding description and the rationale, and leaves ids and hashes alone', () => {
    const { record, screenshots } = redactModel(fixtureModel);
    const f1 = record.findings[0]!;
    expect(f1.notes[0]!.text).toBe(
      'Spinner never ends after 3DS. Authorization: [redacted:secret], test card [redacted:card], ask [redacted:email]',
    );
    expect(f1.description).toContain('[redacted:card]');
    expect(record.decision!.rationale).toContain('[redacted:email]');
    expect(f1.evidence.screenshots[0]!.hash).toBe(SCREENSHOT_HASH);
    expect(screenshots[SCREENSHOT_HASH]).toBeDefined();
    expect(record.recordId).toBe(fixtureModel.record.recordId);
    expect(record.metrics).toEqual(fixtureModel.record.metrics);
  });

  it("applies the session's own rules too", () => {
    const model = structuredClone(fixtureModel);
    model.record.debrief.results = 'Customer CUST-48213 could not pay.';
    const { content } = renderExport('md', model, {
      redaction: { patterns: [{ name: 'customer', pattern: 'CUST-\\d+' }] },
    });
    expect(content).not.toContain('CUST-48213');
    expect(content).toContain('Customer [redacted:customer] could not pay.');
  });
});
