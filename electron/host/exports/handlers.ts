import type { HandlerMap } from '../context';
import { storedFor } from '../feeds/query/sessionFeed';
import { requireSession } from '../sessions/guards';
import { renderSessionExport } from './session';
import { renderSignatureExport } from './signed';

export const exportHandlers: HandlerMap<'exports.render' | 'exports.print'> = {
  // Only web mode serves printable reports (its server answers this method itself).
  'exports.print': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return { url: null };
  },

  'exports.render': async (args, host) => {
    if (args.format === 'jws' || args.format === 'jwks')
      return renderSignatureExport(host, args.sessionId, args.format, args);
    // A record not yet signed is built now, from the feed as received.
    await storedFor(host, args.sessionId);
    return renderSessionExport(host, args.sessionId, args.format, {
      pseudonymise: args.pseudonymise,
      findings: args.findings,
      contextAttribute: args.contextAttribute,
    });
  },
};
