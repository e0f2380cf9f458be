import type { HandlerMap } from '../context';
import { requireSession } from '../sessions/guards';
import { renderSessionExport } from './session';
import { renderSignatureExport } from './signed';

export const exportHandlers: HandlerMap<'exports.render' | 'exports.print'> = {
  // Only web mode serves printable reports (its server answers this method itself).
  'exports.print': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return { url: null };
  },

  'exports.render': (args, host) =>
    args.format === 'jws' || args.format === 'jwks'
      ? renderSignatureExport(host, args.sessionId, args.format, args)
      : renderSessionExport(host, args.sessionId, args.format, {
          pseudonymise: args.pseudonymise,
          findings: args.findings,
          contextAttribute: args.contextAttribute,
        }),
};
