import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';
import { SECRET_CORPUS } from '../../../../test-support/feedEvents';

describe('redaction', () => {
  it.each(SECRET_CORPUS)('removes the secret from %j', (input, secret) => {
    const r = createRedactor();
    const out = r.text(input);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[redacted:[a-z-]+\]/);
  });

  it('leaves ordinary text, order numbers and non-Luhn digit runs alone', () => {
    const r = createRedactor();
    const plain =
      'order 1234567890123 took 431 ms; GET /api/cart?id=42 returned 200; build 2026.11.3';
    expect(r.text(plain)).toBe(plain);
    expect(r.counts).toEqual({});
  });

  it('replaces values under secret key names whole, and counts per kind', () => {
    const r = createRedactor();
    expect(
      r.attributes({
        'http.request.header.authorization': 'Basic YWxhZGRpbjpvcGVu',
        user_password: 'x',
        'user.email': 'a@b.co',
        status: 500,
      }),
    ).toEqual({
      'http.request.header.authorization': '[redacted:secret]',
      user_password: '[redacted:secret]',
      'user.email': '[redacted:email]',
      status: 500,
    });
    expect(r.drain()).toEqual({ secret: 2, email: 1 });
    expect(r.counts).toEqual({});
  });

  it('applies the session’s own rules: IP addresses, extra keys, custom patterns', () => {
    const r = createRedactor({
      redactIps: true,
      extraKeys: ['session_cookie'],
      patterns: [{ name: 'customer-id', pattern: 'CUST-\\d{6}' }],
    });
    expect(r.text('from 10.1.2.3 for CUST-123456, session_cookie=abc123')).toBe(
      'from [redacted:ip] for [redacted:customer-id], session_cookie=[redacted:secret]',
    );
    expect(createRedactor().text('from 10.1.2.3')).toBe('from 10.1.2.3');
  });
});

describe('custom patterns', () => {
  it('match in linear time: a pattern that backtracks exponentially in JavaScript finishes', () => {
    const r = createRedactor({ patterns: [{ name: 'run', pattern: '(a+)+$' }] });
    const hostile = `${'a'.repeat(30)}!`; // 2^30 paths for a backtracking engine
    expect(r.text(hostile)).toBe(hostile);
    expect(r.text('xx aaaa')).toBe('xx [redacted:run]');
    expect(r.drain()).toEqual({ run: 1 });
  });

  it('count every match, and keep text around astral characters whole', () => {
    const r = createRedactor({ patterns: [{ name: 'pin', pattern: 'PIN-\\d{4}' }] });
    expect(r.text('😀PIN-1234 😀 PIN-9876😀')).toBe('😀[redacted:pin] 😀 [redacted:pin]😀');
    expect(r.drain()).toEqual({ pin: 2 });
  });

  it('saved before RE2 (look-around) still apply, as JavaScript patterns on capped text', () => {
    const r = createRedactor({ patterns: [{ name: 'after', pattern: '(?<=id=)\\d+' }] });
    expect(r.text('user id=4242 done')).toBe('user id=[redacted:after] done');
  });
});

describe('card numbers', () => {
  it('are cards only with an issuer’s first digit: a millisecond time that passes Luhn stays', () => {
    const r = createRedactor();
    // 1764640000006 passes Luhn, like one 13-digit number in ten.
    expect(r.text('took until ts=1764640000006 then 4111 1111 1111 1111')).toBe(
      'took until ts=1764640000006 then [redacted:card]',
    );
  });
});

describe('redaction’s quick pre-checks', () => {
  // A custom pattern turns the pre-checks off: every line takes the full path, the reference.
  const fullPath = (settings: Parameters<typeof createRedactor>[0] = {}) =>
    createRedactor({ ...settings, patterns: [{ name: 'never', pattern: '[^\\s\\S]' }] });
  const pieces = [
    ...SECRET_CORPUS.map(([line]) => line),
    'TOKEN: abcdefgh12345',
    'Password = hunter2',
    'X-Api-Key: k-1',
    'auth=Bearer abcdefghijklmnop',
    'my.service.password',
    'request 1234 took 20 ms',
    '4111-1111-1111-1111',
    'ab12 DE89370400440532013000',
    'fe80::1 and 10.0.0.1',
    'https://hooks.slack.com/services/T0/B0/xyz',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'ASIAABCDEFGHIJKLMNOP',
    'eyJabcdef.eyJabcdef.abcdef',
    'pk_test_abcdefghijkl',
    'session_cookie=1',
    '.'.repeat(80),
    'checkout cart request 1 handled by shop-api; upstream token replied 200',
  ];
  const lines = pieces.flatMap((a, i) => [a, `${a} ${pieces[(i * 7 + 3) % pieces.length]}`]);

  it.each([{}, { redactIps: true }, { extraKeys: ['session_cookie', 'x-api-key'] }])(
    'change nothing: the same text and counts as the full path (%j)',
    (settings) => {
      const quick = createRedactor(settings);
      const full = fullPath(settings);
      for (const line of lines) {
        expect(quick.text(line)).toBe(full.text(line));
        expect(quick.attributes({ k: line, 'user.password': line })).toEqual(
          full.attributes({ k: line, 'user.password': line }),
        );
        expect(quick.drain()).toEqual(full.drain());
      }
    },
  );

  it('count every redaction of a repeated attribute value', () => {
    const r = createRedactor();
    for (let i = 0; i < 3; i++) r.attributes({ 'user.email': 'a@b.co', route: '/cart' });
    expect(r.drain()).toEqual({ email: 3 });
  });
});

it('keeps every attribute key, "__proto__" too', () => {
  const attrs = JSON.parse('{"__proto__": "x@y.io", "a": 1}') as Record<string, string | number>;
  const out = createRedactor().attributes(attrs);
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  expect(Object.entries(out)).toEqual([
    ['__proto__', '[redacted:email]'],
    ['a', 1],
  ]);
});

/**
 * Shapes that made a pattern backtrack quadratically (a 64 KB attribute froze the host for
 * seconds, 1 MB for hours). Each runs at 1 MB and checks the result; a regression shows as this
 * file timing out. How long they take is measured by `npm run bench:hostile`, not here.
 */
describe('redaction of hostile input', () => {
  const MB = 1 << 20;
  const r = () => createRedactor({ redactIps: true });
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N';

  it.each([
    ['dotted run before an @, no domain', `${'a.'.repeat(MB / 2)}@`, null],
    ['dotted domain with no top-level part', `a@${'a.'.repeat(MB / 2)}!`, null],
    ['long local part', `${'x'.repeat(MB)}@example.com`, '[redacted:email]'],
    ['long dotted domain', `a@${'a.'.repeat(MB / 2)}com`, '[redacted:email]'],
    ['many @', `${'a@'.repeat(MB / 2)}b.co`, `${'a@'.repeat(MB / 2 - 1)}[redacted:email]`],
  ])('e-mail: %s', (_name, input, expected) => {
    const out = r().text(input);
    if (expected === null) expect(out).toBe(input);
    else expect(out).toBe(expected);
  });

  it('key=value: a run of key names, then a value', () => {
    const input = `${'password'.repeat(MB / 8)}=hunter2 next`;
    expect(r().text(input)).toBe(`${'password'.repeat(MB / 8)}=[redacted:secret]`);
    const names = `${'token_'.repeat(MB / 6)}: a b c`;
    expect(r().text(names)).toBe(`${'token_'.repeat(MB / 6)}: [redacted:secret]`);
  });

  it('key=value: key names and blanks, repeated', () => {
    const r1 = r();
    const out = r1.text('password= '.repeat(MB / 10));
    expect(out).not.toMatch(/password= password= password=/);
    const kv = r1.text(`${'a '.repeat(MB / 2)}secret=s3cr3t b=1`);
    expect(kv.endsWith('secret=[redacted:secret] b=1')).toBe(true);
  });

  it('JWT and Slack prefixes repeated inside one run', () => {
    expect(r().text('eyJ-'.repeat(MB / 4))).toBe('eyJ-'.repeat(MB / 4));
    expect(r().text(`${'eyJ-'.repeat(MB / 4)} ${jwt}`)).toBe(
      `${'eyJ-'.repeat(MB / 4)} [redacted:jwt]`,
    );
    expect(r().text('xoxb-'.repeat(MB / 5))).toBe('[redacted:slack-token]');
  });

  it('digit, IP and separator runs', () => {
    const digits = '1 '.repeat(MB / 2);
    expect(r().text(digits)).not.toContain('redacted:ip');
    const colons = r().text(`${'1:'.repeat(MB / 2)}x`);
    expect(colons).toContain('[redacted:ip]');
    expect(colons).not.toContain('1:1:1:1:1:1:1:1');
    expect(r().text(`${'-----BEGIN '.repeat(MB / 11)}`)).toBe('-----BEGIN '.repeat(MB / 11));
  });

  it('counts a private key after a key name once, as a private key', () => {
    const r1 = createRedactor();
    expect(
      r1.text(
        'private_key: -----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY-----',
      ),
    ).toBe('private_key: [redacted:private-key]');
    expect(r1.drain()).toEqual({ 'private-key': 1 });
  });

  it('redacts attribute names, keeping two names redacted alike apart', () => {
    const r1 = createRedactor();
    expect(r1.attributes({ 'ana@example.com': 1, 'bob@example.com': 2, route: '/x' })).toEqual({
      '[redacted:email]': 1,
      '[redacted:email]#2': 2,
      route: '/x',
    });
    expect(r1.drain()).toEqual({ email: 2 });
  });
});
