/**
 * A realistic report model of an ended session, for the export tests and the HTML e2e spec: four
 * people tried checkout v2 on the internal tenant, found a blocker that was hot-fixed during the
 * session, and the product owner signed a promote to 10 % against a "hold" recommendation.
 * Some texts carry an e-mail, a bearer token and a card number that every export must redact.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_STAGES, DEFAULT_THRESHOLDS } from '../shared/domain/decision';
import { recommend } from '../shared/decision/recommend';
import {
  RECORD_SCHEMA_ID,
  RECORD_SCHEMA_VERSION,
  type DecisionRecordV1,
  type RecordFinding,
  type ReportModel,
  recordRecommendation,
} from '../shared/domain/record';

export const SECRETS = {
  email: 'dana.lee@example.com',
  token: '9f8e7d6c5b4a3928170f',
  card: '4111 1111 1111 1111',
};
const leak = `Authorization: Bearer ${SECRETS.token}, test card ${SECRETS.card}, ask ${SECRETS.email}`;

/** A 48×30 PNG: a blue header bar, a grey field and a green button. */
export const SCREENSHOT_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAeCAIAAADlxgqWAAAASElEQVR42mPgzLw1qBDDqINGHTTsHPR/kIFRBw0HB124fo9uaNRBw9NBo7ls1EGUOkiq3pwMNOqgUQeNOmi0HBp10KiDBggAAKAOukjgFAHZAAAAAElFTkSuQmCC';
export const SCREENSHOT_HASH = createHash('sha256')
  .update(Buffer.from(SCREENSHOT_PNG, 'base64'))
  .digest('hex');

const id = (n: number) => `01JTB2Z6Q8${String(n).padStart(16, '0')}`;
const at = (hhmm: string) => `2026-05-04T${hhmm}:00.000Z`;

const people = [
  { id: id(1), name: 'Ana Souza', function: 'Product owner' },
  { id: id(2), name: 'Ben Okafor', function: 'Developer' },
  { id: id(3), name: 'Chen Wei', function: 'Tester' },
  { id: id(4), name: 'Dana Lee', function: 'Operations' },
];
const [ana, ben, chen, dana] = people as [
  (typeof people)[0],
  (typeof people)[0],
  (typeof people)[0],
  (typeof people)[0],
];

const goals: DecisionRecordV1['goals'] = [
  {
    id: id(11),
    title: 'Pay with a saved card',
    priority: 'must',
    outcome: 'met',
    reason: 'Worked end to end after the hotfix',
    minutes: 35,
  },
  {
    id: id(12),
    title: 'Apply a voucher at checkout',
    priority: 'must',
    outcome: 'partly-met',
    reason: 'Valid vouchers apply; an invalid one clears the field',
    minutes: 25,
  },
  {
    id: id(13),
    title: 'Check out on a slow network',
    priority: 'should',
    outcome: 'met',
    reason: 'Slow but complete on 3G',
    minutes: 20,
  },
];
const goalRef = (i: number) => ({ id: goals[i]!.id, title: goals[i]!.title });

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const blocker: RecordFinding = {
  id: id(21),
  ref: 'F-1',
  title: 'Order confirmation hangs after 3-D Secure',
  description: `After the 3-D Secure challenge the confirmation page spins until the payment callback times out (30 s).\nThe callback log line showed ${leak}.\n\nFixed during the session by release 2026.05.1-hotfix1; verified by Chen at 10:05.`,
  type: 'bug',
  severity: 'blocker',
  status: 'fixed',
  goal: goalRef(0),
  owner: { id: ben.id, name: ben.name },
  notes: [
    {
      id: id(31),
      type: 'bug',
      text: `Spinner never ends after 3DS. ${leak}`,
      at: at('09:37'),
      author: chen.name,
    },
    {
      id: id(32),
      type: 'observation',
      text: 'Works again after the hotfix deploy at 10:02',
      at: at('10:05'),
      author: chen.name,
    },
  ],
  evidence: {
    errorGroups: [
      {
        groupKey: 'TimeoutError:payment-callback',
        summary: 'TimeoutError: payment callback timed out after 30000 ms (14 events)',
      },
    ],
    events: [
      {
        id: 4711,
        summary: 'POST /payments/callback 504 after 30012 ms',
        traceId: TRACE,
        time: '2026-05-04T09:36:12.000Z',
      },
    ],
    traceIds: [TRACE],
    logQueries: [
      { query: 'group:"TimeoutError:payment-callback"', from: at('09:00'), to: at('10:30') },
      {
        query: `trace_id:${TRACE}`,
        from: '2026-05-04T09:35:12.000Z',
        to: '2026-05-04T09:37:12.000Z',
      },
    ],
    screenshots: [{ hash: SCREENSHOT_HASH, summary: 'Confirmation page still spinning after 3DS' }],
  },
};
const none: RecordFinding['evidence'] = {
  errorGroups: [],
  events: [],
  traceIds: [],
  logQueries: [],
  screenshots: [],
};
const findings: RecordFinding[] = [
  blocker,
  {
    id: id(22),
    ref: 'F-2',
    title: 'Voucher field clears on a validation error',
    description:
      "Typing an expired code (or <script>alert('x')</script>, which shows as text) shows the error and empties the field, so people retype the whole code.",
    type: 'usability',
    severity: 'major',
    status: 'open',
    goal: goalRef(1),
    owner: { id: ana.id, name: ana.name },
    notes: [
      {
        id: id(33),
        type: 'bug',
        text: 'Voucher input emptied after "code expired"',
        at: at('09:52'),
        author: dana.name,
      },
    ],
    evidence: {
      ...none,
      errorGroups: [
        {
          groupKey: 'TypeError:voucher-form',
          summary: "TypeError: Cannot read properties of undefined (reading 'code')",
        },
      ],
    },
  },
  {
    id: id(23),
    ref: 'F-3',
    title: 'Shipping options take 2.4 s to load on 3G',
    description: 'The shipping step waits for all carriers before showing any.',
    type: 'performance',
    severity: 'minor',
    status: 'open',
    goal: goalRef(2),
    owner: { id: dana.id, name: dana.name },
    notes: [],
    evidence: none,
  },
  {
    id: id(24),
    ref: 'F-4',
    title: 'Add a dashboard panel for 3-D Secure callbacks',
    description: `We only saw the timeouts in the raw feed; a panel would have shown them at once. Dashboards: ${SECRETS.email}.`,
    type: 'follow-up',
    severity: 'trivial',
    status: 'accepted',
    goal: null,
    owner: { id: dana.id, name: dana.name },
    notes: [],
    evidence: none,
  },
];

/** 5-minute buckets from 08:30 (baseline) to 10:30; the callback timeouts peak at 09:35–09:55. */
const ERRORS = [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 6, 5, 4, 3, 2, 1, 1, 2, 1, 1, 1];
const buckets = ERRORS.map((errors, i) => ({
  start: new Date(Date.parse(at('08:30')) + i * 5 * 60_000).toISOString(),
  errors,
  total: 180 + ((i * 37) % 60),
}));
const baselineErrors = ERRORS.slice(0, 6).reduce((a, b) => a + b, 0);
const sessionErrors = ERRORS.slice(6).reduce((a, b) => a + b, 0);
const newGroups = [
  {
    groupKey: 'TimeoutError:payment-callback',
    type: 'TimeoutError',
    sample: 'payment callback timed out after 30000 ms',
    count: 14,
    firstSeen: '2026-05-04T09:36:12.000Z',
    control: 0,
  },
  {
    groupKey: 'TypeError:voucher-form',
    type: 'TypeError',
    sample: "Cannot read properties of undefined (reading 'code')",
    count: 2,
    firstSeen: '2026-05-04T09:51:40.000Z',
    control: 31, // the tenants without the flag have it too
  },
];
/** The tenants without the flag in the same minutes: about 20 times the traffic, 1 % errors. */
const controlBuckets = buckets.map((b, i) => ({
  start: b.start,
  errors: 30 + ((i * 7) % 11),
  total: b.total * 20,
}));
const sessionControl = controlBuckets.slice(6);
const gaps = [
  {
    source: 'Sentry',
    from: at('09:52'),
    to: at('09:58'),
    reason: 'HTTP 429 Too Many Requests',
    backfilled: true,
  },
];

const recommendation = recommend({
  session: { started: true, runningMs: 90 * 60_000, tenant: 'internal', otherTenantEvents: 0 },
  goals,
  findings: findings.map((f) => ({
    id: f.id,
    number: Number(f.ref.slice(2)),
    title: f.title,
    severity: f.severity,
    status: f.status,
    goalId: f.goal?.id ?? null,
  })),
  errors: {
    sessionEvents: 3000,
    baselineEvents: 1100,
    sessionErrorsPerMinute: sessionErrors / 90,
    baselineErrorsPerMinute: baselineErrors / 30,
    baselineMinutes: 30,
    newGroups,
  },
  gaps: gaps.map((g, i) => ({
    id: i + 1,
    sourceName: g.source,
    backfilled: g.backfilled,
    to: Date.parse(g.to),
  })),
  stages: DEFAULT_STAGES,
  currentStage: 'internal',
  thresholds: DEFAULT_THRESHOLDS,
});

export const fixtureRecord: DecisionRecordV1 = {
  $schema: RECORD_SCHEMA_ID,
  schemaVersion: RECORD_SCHEMA_VERSION,
  recordId: id(41),
  status: 'signed',
  createdAt: at('10:48'),
  session: {
    id: id(40),
    title: 'Checkout v2 on the internal tenant',
    charter:
      'Explore the one-page checkout with real payment providers on the internal tenant, to decide whether 10 % of customers can get it this week.',
    feature: 'One-page checkout',
    start: at('09:00'),
    end: at('10:30'),
    participants: people,
    pseudonymised: false,
  },
  scope: {
    tenantKey: 'tenant.id',
    tenantValue: 'internal',
    environment: 'production',
    release: '2026.05.1',
  },
  flag: { key: 'checkout-v2', provider: 'flagd', currentStage: 'internal', proposedStage: '10' },
  stages: DEFAULT_STAGES,
  decision: {
    action: 'promote',
    toStage: '10',
    rationale: `The only blocker (F-1) was fixed during the session and verified on the hotfix; its 14 timeout events all came before the fix. The voucher issue (F-2) is annoying but has a workaround.\nFor the record, the log line we saw read: ${leak}.`,
    conditions: [
      'F-2 is fixed before the 50 % stage',
      'Operations watch the payment-callback error group for 48 hours',
    ],
    approver: { name: ana.name, id: ana.id },
    signedAt: at('10:48'),
    version: 1,
    amends: null,
    disagreesWithRecommendation: true,
  },
  recommendation: recordRecommendation(recommendation),
  goals,
  findings,
  debrief: {
    whatWeDid:
      'Four of us paid with saved and new cards, applied vouchers and throttled the network, rotating every 10 minutes.',
    results:
      'Payments work after the hotfix. Vouchers mostly work. Slow networks are slow but complete.',
    obstacles:
      'The Sentry feed was rate-limited for six minutes; it caught up when the limit lifted.\nThe staging card for 3DS had expired.',
    outlook: 'Fix the voucher field, then look at 50 % next week.',
    feelings: 'Confident about payments, a little uneasy about vouchers.',
  },
  metrics: {
    durationMinutes: 80,
    rotations: 8,
    breaks: 1,
    notesByType: { observation: 9, bug: 4, question: 3, idea: 2, risk: 2, good: 3 },
    notesByPerson: [
      { name: chen.name, count: 8 },
      { name: dana.name, count: 6 },
      { name: ben.name, count: 5 },
      { name: ana.name, count: 4 },
    ],
    errors: {
      session: sessionErrors,
      baseline: baselineErrors,
      sessionPerMinute: sessionErrors / 90,
      baselinePerMinute: baselineErrors / 30,
      baselineMinutes: 30,
      newGroups,
      rate: { bucketMinutes: 5, sessionStart: at('09:00'), buckets },
      control: {
        events: sessionControl.reduce((a, b) => a + b.total, 0),
        errors: sessionControl.reduce((a, b) => a + b.errors, 0),
        buckets: controlBuckets,
      },
    },
    gaps,
  },
  redactions: { email: 12, bearer: 3, card: 1 },
  preflight: null,
};

const HOST_APP = 'the facilitator’s app';
const byLink = (p: { name: string }) => `${p.name} (personal link)`;
const audit: ReportModel['audit'] = {
  asOf: '2026-05-04T11:02:13.000Z',
  entries: [
    {
      at: '2026-05-04T08:58:40.000Z',
      type: 'link.issued',
      who: HOST_APP,
      what: `Personal link issued to ${dana.name}`,
    },
    {
      at: '2026-05-04T08:59:12.000Z',
      type: 'preflight.overridden',
      who: byLink(ben),
      what: `Pre-flight overridden by ${ben.name} (Feeds are live): ${leak}`,
    },
    {
      at: '2026-05-04T09:00:00.000Z',
      type: 'session.started',
      who: byLink(ben),
      what: 'Session started',
    },
    {
      at: '2026-05-04T09:08:00.000Z',
      type: 'rotation.rotated',
      who: HOST_APP,
      what: 'Rotated (turn ended)',
    },
    { at: '2026-05-04T09:11:31.000Z', type: 'rotation.rotated', who: byLink(ben), what: 'Rotated' },
    {
      at: '2026-05-04T09:40:05.000Z',
      type: 'link.revoked',
      who: byLink(ben),
      what: `Personal link of ${chen.name} revoked`,
    },
    {
      at: '2026-05-04T10:30:00.000Z',
      type: 'session.ended',
      who: byLink(ben),
      what: 'Session ended',
    },
    {
      at: '2026-05-04T10:48:00.000Z',
      type: 'decision.signed',
      who: byLink(ana),
      what: `Decision signed by ${ana.name}: Promote to 10 % (version 1)`,
    },
  ],
  omitted: null,
};

export const fixtureModel: ReportModel = {
  record: fixtureRecord,
  screenshots: { [SCREENSHOT_HASH]: { mime: 'image/png', base64: SCREENSHOT_PNG } },
  audit,
};
