import type { ExportFormat } from '../../../shared/api/debriefContract';
import { ApiError } from '../../../shared/api/errors';
import type { HostContext } from '../api/types';
import { buildReportModel } from './record';

/** One export of a session, as the desktop app, web mode and the CLI all produce it. */
export function renderSessionExport(
  host: HostContext,
  sessionId: string,
  format: ExportFormat,
  options: { pseudonymise?: boolean } = {},
): { filename: string; mime: string; content: string } {
  const model = buildReportModel(host, sessionId, options);
  if (format === 'json')
    return {
      filename: `decision-${sessionId}.json`,
      mime: 'application/json',
      content: JSON.stringify(model.record, null, 2),
    };
  throw new ApiError('unavailable', `The ${format} export is not available yet`);
}
