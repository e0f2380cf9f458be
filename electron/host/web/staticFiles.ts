import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import sirv from 'sirv';

/** Vite names built assets `assets/<name>-<content hash>.<ext>`: a new build gets new names. */
const HASHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Caching that cannot strand a page: hashed assets are kept for a year (their name changes when
 * their content does), everything else, the shell `index.html` first, is revalidated on every
 * load (cheap: a 304 against its ETag), so a browser never runs an old shell against a new host.
 */
export function cacheControlFor(pathname: string): string {
  return HASHED.test(pathname) ? IMMUTABLE : REVALIDATE;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The built renderer, or null when it is not built (web mode then serves the API only). */
export function createStaticFiles(dir: string | null): StaticHandler | null {
  if (!dir || !fs.existsSync(dir)) return null;
  const serve = sirv(dir, { single: true, etag: true, dev: false });
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Set before sirv answers, so a 304 carries it too.
    res.setHeader('Cache-Control', cacheControlFor(pathname));
    serve(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Cache-Control', 'no-store');
      res.end('Not found');
    });
  };
}
