import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../../shared/api/exports';
import {
  databaseBytes,
  rawEvent,
  SECRET_CORPUS,
  storedEvents,
} from '../../../../test-support/feedEvents';
import { runFixture } from '../../../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const MIN = 60_000;

/** Secrets in every column a receiver fills, each one distinct so a leak names its column. */
const COLUMN_SECRETS = {
  service: 'owner@leak-service.com',
  release: 'ghp_RELEASELEAKabcdefghijklmnopqrstuvwxyz12',
  environment: 'ENVLEAKPW',
  attributeName: 'carla.leak@example.com',
  tagName: 'xoxb-123456789012-TAGLEAKabcd',
  fingerprint: 'dana.fp-leak@example.com',
  errorValue: 'ERRKEYLEAKLINE2',
  stack: 'STACKLEAK-s3cr3t',
  traceId: 'trace.leak@example.com',
};

describe('no secret reaches the disk, the index, the API or an export', () => {
  it('redacts every stored text column, key name and fingerprint', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    const t = start.hostNow;
    const s = COLUMN_SECRETS;
    host.feeds.ingest('sentry', [
      rawEvent(t, 'checkout failed', {
        source: 'sentry',
        level: 'error',
        service: `mailer ${s.service}`,
        release: s.release,
        environment: `prod password=${s.environment}`,
        traceId: s.traceId,
        attributes: {
          'tag:tenant': 'internal',
          [`user:${s.attributeName}`]: 1,
          [`tag:${s.tagName}`]: 'x',
        },
        fingerprint: ['checkout', s.fingerprint],
        error: {
          type: 'KeyError',
          value: `private_key: -----BEGIN RSA PRIVATE KEY-----\nMIIE\n${s.errorValue}\n-----END RSA PRIVATE KEY-----`,
          stack: `KeyError\n  at load (keys.ts:3) token=${s.stack}`,
        },
      }),
      ...SECRET_CORPUS.map(([line]) => rawEvent(t, line)),
    ]);
    host.feeds.flush();

    const rows = storedEvents(host.dataDir);
    const error = rows.find((r) => r.error_type === 'KeyError')!;
    expect(error).toMatchObject({
      service: 'mailer [redacted:email]',
      release: '[redacted:github-token]',
      environment: 'prod password=[redacted:secret]',
      error_value: 'private_key: [redacted:private-key]',
      group_key: 'fp:checkout|[redacted:email]',
    });
    expect(Object.keys(JSON.parse(String(error.attributes)))).toEqual([
      'tag:tenant',
      'user:[redacted:email]',
      'tag:[redacted:slack-token]',
    ]);

    // Pinned as evidence, so that the event and its group reach the exports too.
    const groupKey = String(error.group_key);
    const note = noteOp(people.Ana!, 'Key error on checkout', t + MIN, { type: 'bug' });
    if (note.kind === 'note.create')
      note.note.evidence = [
        { kind: 'event', eventId: Number(error.id), summary: 'checkout failed' },
        { kind: 'group', groupKey, summary: 'KeyError' },
      ];
    await fx.advance(2 * MIN);
    await host.call('notes.apply', { sessionId, ops: [note] });
    await host.call('run.end', { sessionId });
    await host.call('sessions.update', { id: sessionId, patch: { flagKey: 'new-checkout' } });

    const secrets = [...Object.values(s), ...SECRET_CORPUS.map(([, secret]) => secret)];
    const places: Array<[string, string]> = [
      ['database and WAL', databaseBytes(host.dataDir).toString('latin1')],
      ['feeds.query', JSON.stringify(await host.call('feeds.query', { sessionId }))],
      ['feeds.groups', JSON.stringify(await host.call('feeds.groups', { sessionId }))],
    ];
    const groups = await host.call('feeds.groups', { sessionId });
    expect(groups.map((g) => g.groupKey)).toContain(groupKey);
    for (const format of EXPORT_FORMATS) {
      const out = await host.call('exports.render', { sessionId, format, pseudonymise: false });
      places.push([`export ${format}`, out.content]);
    }
    for (const [place, text] of places)
      for (const secret of secrets)
        expect({ place, leaked: text.includes(secret) }).toEqual({ place, leaked: false });
    // And the full-text index finds none of them either.
    for (const word of ['ERRKEYLEAKLINE2', 'ENVLEAKPW', 'horse'])
      expect((await host.call('feeds.query', { sessionId, text: word })).events).toEqual([]);
  });
});

describe('event times', () => {
  it('stores times that are not finite, before 2000 or ahead of the clock at the receive time, flagged', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const { hostNow } = await host.call('run.start', { sessionId });
    const times = [Infinity, NaN, 1e300, 0, 946_684_799_999, hostNow + 60 * MIN, hostNow - MIN];
    host.feeds.ingest(
      'otlp',
      times.map((time, i) => rawEvent(time, `event ${i}`)),
    );
    host.feeds.flush();
    const rows = storedEvents(host.dataDir);
    expect(rows.map((r) => r.time)).toEqual([
      ...times.slice(0, -1).map(() => hostNow),
      hostNow - MIN,
    ]);
    expect(rows.map((r) => JSON.parse(String(r.attributes))['ensemble.time.original'])).toEqual([
      'Infinity',
      'NaN',
      '1e+300',
      '0',
      '946684799999',
      String(hostNow + 60 * MIN),
      undefined,
    ]);
  });
});
