import type { ExportFormat } from '../../../shared/api/exports';
import { ApiError } from '../../../shared/api/errors';
import type { HostContext } from '../context';
import { renderExport } from './index';
import { buildReportModel } from '../decision/record';

const PAYLOADS = new Set<ExportFormat>(['flagd', 'flagd-patch', 'unleash', 'posthog']);

/**
 * One export of a session, as the desktop app, web mode and the CLI all produce it: the
 * record built from the store, passed through the session's redaction rules, then rendered.
 */
export function renderSessionExport(
  host: HostContext,
  sessionId: string,
  format: ExportFormat,
  options: { pseudonymise?: boolean; contextAttribute?: string } = {},
): { filename: string; mime: string; content: string } {
  const model = buildReportModel(host, sessionId, options);
  if (PAYLOADS.has(format) && !model.record.flag.key)
    throw new ApiError(
      'conflict',
      'The session names no flag key, and a rollout payload needs one: set it in Prepare',
    );
  try {
    return renderExport(format, model, {
      redaction: host.repos.sessions.feedSettings(sessionId).redaction,
      // The attribute the pre-flight reads the flag with is the one the flag file targets.
      flagd: {
        contextAttribute:
          options.contextAttribute ?? host.repos.preflight.get(sessionId).settings.contextKey,
      },
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // A record that does not match its published schema is a bug here, never a file to hand out.
    throw new ApiError('internal', (error as Error).message);
  }
}
