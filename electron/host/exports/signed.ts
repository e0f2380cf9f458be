import { ApiError } from '../../../shared/api/errors';
import type { HostContext } from '../context';
import { publishedKeys, latestSignature } from '../decision/signatures';
import { createRedactor } from '../feeds/store/redact';
import { requireSession } from '../sessions/guards';
import { slug, type ExportFile } from './common';

/**
 * The signed record as issued when the product owner signed (a compact JWS), or the public keys
 * that verify it (a JWK Set). Neither is rendered now: the JWS is the one stored at signing,
 * byte for byte, so it names people as signed and cannot be pseudonymised.
 */
export async function renderSignatureExport(
  host: HostContext,
  sessionId: string,
  format: 'jws' | 'jwks',
  options: { pseudonymise?: boolean } = {},
): Promise<ExportFile> {
  const session = requireSession(host.repos, sessionId);
  if (format === 'jwks') {
    const jwks = await publishedKeys(host);
    return {
      filename: 'ensemble-decision-keys.json',
      mime: 'application/jwk-set+json',
      content: `${JSON.stringify(jwks, null, 2)}\n`,
    };
  }
  if (options.pseudonymise)
    throw ApiError.field(
      'pseudonymise',
      'The signed record names people as they signed it, so it cannot be pseudonymised',
    );
  const { redaction } = host.repos.sessions.feedSettings(sessionId);
  return {
    filename: `${slug(createRedactor(redaction).text(session.title))}-decision-record.jws`,
    mime: 'application/jose',
    content: latestSignature(host, sessionId),
  };
}
