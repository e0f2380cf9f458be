import { describe, expect, it } from 'vitest';
import { ROUTES } from './routes';

const SESSION = '01JDQ7Z8X9Y0ABCDEFGHJKMNPQ';
const HASH = 'a'.repeat(64);

describe('web routes: what the transport builds is what the server matches', () => {
  it('round-trips every raw route', () => {
    expect(ROUTES.call.match(ROUTES.call.path('sessions.list'))).toBe('sessions.list');
    expect(ROUTES.screenshot.match(ROUTES.screenshot.path(SESSION, HASH))).toEqual({
      sessionId: SESSION,
      hash: HASH,
    });
    const upload = new URL(ROUTES.screenshotUpload.path(SESSION), 'http://127.0.0.1');
    expect(ROUTES.screenshotUpload.match(upload.pathname)).toBe(true);
    expect(upload.searchParams.get('sessionId')).toBe(SESSION);
    expect(ROUTES.decision.match(ROUTES.decision.path(SESSION))).toEqual({ sessionId: SESSION });
    const ticket = 'T'.repeat(32);
    expect(ROUTES.printed.match(ROUTES.printed.path(ticket))).toBe(ticket);
  });

  it('matches nothing else', () => {
    expect(ROUTES.call.match('/api/sessions.list/x')).toBeNull();
    expect(ROUTES.call.match('/api/../sessions.list')).toBeNull();
    expect(ROUTES.screenshot.match(`/api/screenshots/${SESSION}/${HASH.slice(1)}`)).toBeNull();
    expect(ROUTES.decision.match(`/api/sessions/${'x'.repeat(101)}/decision`)).toBeNull();
    // A malformed escape comes back as it was, to be refused by validation, not thrown.
    expect(ROUTES.decision.match('/api/sessions/%E0%A4%A/decision')).toEqual({
      sessionId: '%E0%A4%A',
    });
    expect(ROUTES.printed.match('/print/short')).toBeNull();
  });
});
