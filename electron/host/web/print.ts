import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES } from '../../../shared/api/routes';

/** The HTML report's own policy: no script, nothing fetched, its inline styles and images only. */
export const REPORT_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
const LIFETIME_MS = 60_000;

/**
 * Printable reports in web mode. The app's own policy forbids inline styles, and a report opened
 * from a blob: address would inherit it; so the report is served once from /print/<ticket>,
 * under its own strict policy. A ticket is random, used once, and expires after a minute: it
 * carries no token and opens nothing else.
 */
export function createPrintDesk(now: () => number = Date.now) {
  const tickets = new Map<string, { html: string; expires: number }>();
  const sweep = () => {
    for (const [k, t] of tickets) if (t.expires <= now()) tickets.delete(k);
  };
  return {
    issue(html: string): string {
      sweep();
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, { html, expires: now() + LIFETIME_MS });
      return ROUTES.printed.path(ticket);
    },
    /** Answers /print/<ticket>; false for any other path. */
    serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
      const ticket = ROUTES.printed.match(pathname);
      if (!ticket) return false;
      sweep();
      const t = tickets.get(ticket);
      tickets.delete(ticket);
      if (!t || req.method !== 'GET') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('This printable report has expired; open it again from Ensemble');
        return true;
      }
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': REPORT_CSP,
        'Cache-Control': 'no-store',
      });
      res.end(t.html);
      return true;
    },
  };
}
