import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';
import { SECRET_CORPUS } from './testing';

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
