import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
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

  it('redacts the audit trail’s lines too (an override’s reason is typed text)', () => {
    const override = fixtureModel.audit.entries.find((e) => e.type === 'preflight.overridden')!;
    for (const secret of Object.values(SECRETS)) expect(override.what).toContain(secret);
    const { audit } = redactModel(fixtureModel, {
      patterns: [{ name: 'person', pattern: 'Okafor' }],
    });
    expect(audit.entries.find((e) => e.type === 'preflight.overridden')).toMatchObject({
      who: 'Ben [redacted:person] (personal link)',
      what: 'Pre-flight overridden by Ben [redacted:person] (Feeds are live): Authorization: [redacted:secret], test card [redacted:card], ask [redacted:email]',
    });
    expect(audit.asOf).toBe(fixtureModel.audit.asOf);
    expect(audit.entries.map((e) => [e.at, e.type])).toEqual(
      fixtureModel.audit.entries.map((e) => [e.at, e.type]),
    );
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

/** Identifiers shaped like what the redaction rules look for: an e-mail, an IP, a secret, a custom pattern. */
const IDENTIFIERS = {
  flag: 'auth:sso-login',
  tenantKey: 'token:tenant',
  tenantValue: 'ops@acme.example',
  environment: '10.20.30.40',
  release: 'CUST-48213',
  findingId: 'CUST-00001',
  goalId: 'password=goal-1',
  groupKey: 'secret=TypeError:ops@acme.example',
  traceId: '192.168.1.20',
  recordId: 'apikey:4111111111111111',
} as const;
type Ident = keyof typeof IDENTIFIERS;
const RULES = { redactIps: true, patterns: [{ name: 'customer', pattern: 'CUST-\\d+' }] };

function withIdentifiers(ids: { [K in Ident]: string }): ReportModel {
  const model = structuredClone(fixtureModel);
  const r = model.record;
  r.recordId = ids.recordId;
  r.flag.key = ids.flag;
  r.scope = {
    tenantKey: ids.tenantKey,
    tenantValue: ids.tenantValue,
    environment: ids.environment,
    release: ids.release,
  };
  const oldGoal = r.goals[0]!.id;
  r.goals[0]!.id = ids.goalId;
  for (const f of r.findings) if (f.goal?.id === oldGoal) f.goal.id = ids.goalId;
  // F-2 is open, so the issue drafts carry it too.
  const f2 = r.findings[1]!;
  f2.id = ids.findingId;
  f2.evidence.errorGroups[0]!.groupKey = ids.groupKey;
  f2.evidence.traceIds = [ids.traceId];
  r.decision!.rationale = `Free text: ${SECRETS.email}, 10.1.2.3, CUST-99 and password=hunter2.`;
  return model;
}

describe('identifiers are never redacted', () => {
  // The same record with plain placeholders renders the same bytes once each placeholder is
  // replaced by its identifier: nothing about an identifier changed what was exported.
  const placeholders = Object.fromEntries(
    Object.keys(IDENTIFIERS).map((k, i) => [k, `zzident${i}zz`]),
  ) as { [K in Ident]: string };

  it.each(EXPORT_FORMATS)(
    '%s: identifiers survive byte for byte, free text is redacted',
    (format) => {
      const hostile = renderExport(format, withIdentifiers(IDENTIFIERS), { redaction: RULES });
      const plain = renderExport(format, withIdentifiers(placeholders), { redaction: RULES });
      let expected = plain.content;
      for (const k of Object.keys(IDENTIFIERS) as Ident[])
        expected = expected
          // In the Unleash Admin API's URL paths the flag key is percent-encoded.
          .replaceAll(
            `features/${placeholders[k]}/`,
            `features/${encodeURIComponent(IDENTIFIERS[k])}/`,
          )
          .replaceAll(placeholders[k], IDENTIFIERS[k]);
      expect(hostile.content).toBe(expected);
      // The identifiers each format carries are really in it, so the comparison means something.
      expect(plain.content).toContain(
        placeholders[format === 'csv' || format === 'issues' ? 'groupKey' : 'flag'],
      );
      expect(hostile.content).not.toContain(SECRETS.email);
      expect(hostile.content).not.toContain('10.1.2.3');
      expect(hostile.content).not.toContain('CUST-99 ');
      expect(hostile.content).not.toContain('hunter2');
    },
  );

  it('the record keeps every identifier exactly and redacts the rationale', () => {
    const { record } = redactModel(withIdentifiers(IDENTIFIERS), RULES);
    expect(record.flag.key).toBe(IDENTIFIERS.flag);
    expect(record.scope).toEqual({
      tenantKey: IDENTIFIERS.tenantKey,
      tenantValue: IDENTIFIERS.tenantValue,
      environment: IDENTIFIERS.environment,
      release: IDENTIFIERS.release,
    });
    expect(record.recordId).toBe(IDENTIFIERS.recordId);
    expect(record.goals[0]!.id).toBe(IDENTIFIERS.goalId);
    expect(record.findings[1]!.id).toBe(IDENTIFIERS.findingId);
    expect(record.findings[1]!.evidence.errorGroups[0]!.groupKey).toBe(IDENTIFIERS.groupKey);
    expect(record.findings[1]!.evidence.traceIds).toEqual([IDENTIFIERS.traceId]);
    expect(record.stages).toEqual(fixtureModel.record.stages);
    expect(record.decision!.rationale).toBe(
      'Free text: [redacted:email], [redacted:ip], [redacted:customer] and password=[redacted:secret]',
    );
  });

  it('every string of the record is either free text or an identifier the test names', () => {
    // A field added to the record must be classified: free text (FREE_TEXT) or passed through.
    const free = new Set<string>();
    const all = new Set<string>();
    const marker = 'zzfree@example.com';
    const paths = (v: unknown, path: string, into: Set<string>, only?: (s: string) => boolean) => {
      if (typeof v === 'string') {
        if (!only || only(v)) into.add(path);
      } else if (Array.isArray(v)) v.forEach((x) => paths(x, `${path}[]`, into, only));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) paths(x, `${path}.${k}`, into, only);
    };
    const stamp = (v: unknown): unknown =>
      typeof v === 'string'
        ? marker
        : Array.isArray(v)
          ? v.map(stamp)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stamp(x)]))
            : v;
    const stamped = { record: stamp(fixtureModel.record), screenshots: {} } as ReportModel;
    paths(stamped.record, '', all);
    paths(redactModel(stamped).record, '', free, (s) => s !== marker);
    const passed = [...all].filter((p) => !free.has(p)).sort();
    expect(passed).toEqual(PASSED_THROUGH);
  });
});

/** Identifiers, fixed values, times and hashes: what redaction must never touch. */
const PASSED_THROUGH: string[] = [
  '.$schema',
  '.createdAt',
  '.decision.action',
  '.decision.approver.id',
  '.decision.signedAt',
  '.decision.toStage',
  '.findings[].evidence.errorGroups[].groupKey',
  '.findings[].evidence.events[].time',
  '.findings[].evidence.events[].traceId',
  '.findings[].evidence.logQueries[].from',
  '.findings[].evidence.logQueries[].to',
  '.findings[].evidence.screenshots[].hash',
  '.findings[].evidence.traceIds[]',
  '.findings[].goal.id',
  '.findings[].id',
  '.findings[].notes[].at',
  '.findings[].notes[].id',
  '.findings[].notes[].type',
  '.findings[].owner.id',
  '.findings[].ref',
  '.findings[].severity',
  '.findings[].status',
  '.findings[].type',
  '.flag.currentStage',
  '.flag.key',
  '.flag.proposedStage',
  '.flag.provider',
  '.goals[].id',
  '.goals[].outcome',
  '.goals[].priority',
  '.metrics.errors.control.buckets[].start',
  '.metrics.errors.newGroups[].firstSeen',
  '.metrics.errors.newGroups[].groupKey',
  '.metrics.errors.newGroups[].type',
  '.metrics.errors.rate.buckets[].start',
  '.metrics.errors.rate.sessionStart',
  '.metrics.gaps[].from',
  '.metrics.gaps[].source',
  '.metrics.gaps[].to',
  '.recommendation.action',
  '.recommendation.checks[].evidence[].groupKey',
  '.recommendation.checks[].evidence[].id',
  '.recommendation.checks[].evidence[].kind',
  '.recommendation.checks[].id',
  '.recommendation.checks[].result',
  '.recommendation.verdict',
  '.recordId',
  '.schemaVersion',
  '.scope.environment',
  '.scope.release',
  '.scope.tenantKey',
  '.scope.tenantValue',
  '.session.end',
  '.session.id',
  '.session.participants[].function',
  '.session.participants[].id',
  '.session.start',
  '.stages[].key',
  '.stages[].label',
  '.status',
];
