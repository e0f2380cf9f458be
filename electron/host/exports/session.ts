import type { RecordFormat, TrackerFindings } from '../../../shared/api/exports';
import { ApiError } from '../../../shared/api/errors';
import type { ReportModel } from '../../../shared/domain/record';
import type { HostContext } from '../context';
import type { TrackerOptions } from './common';
import { buildAuditTrail } from './audit';
import { renderExport } from './index';
import { buildRecord, buildReportModel, pseudonymiseRecord } from '../decision/record';

const PAYLOADS = new Set<RecordFormat>(['flagd', 'flagd-patch', 'unleash', 'posthog']);
/** Formats an issue tracker imports: they may carry the findings as they are now. */
const TRACKERS = new Set<RecordFormat>(['csv', 'issues']);

type SessionExportOptions = {
  pseudonymise?: boolean;
  findings?: TrackerFindings;
  /** flagd formats: the context attribute naming the tenant, instead of the session's. */
  contextAttribute?: string;
};

/**
 * The model a format is rendered from. Reports, the record and the payloads are the signed
 * snapshot (or a draft built now). Tracker formats of a signed session take the findings as
 * they are now unless asked for the signed ones, so findings added after signing get filed,
 * and they say which in every issue.
 */
function trackerModel(
  host: HostContext,
  sessionId: string,
  format: RecordFormat,
  options: SessionExportOptions,
): { model: ReportModel; tracker: TrackerOptions } {
  const latest = host.repos.debrief.decisions(sessionId).at(-1);
  const tracker = TRACKERS.has(format);
  if (tracker && options.findings === 'signed' && !latest)
    throw new ApiError(
      'conflict',
      'No decision is signed yet, so there are no signed findings: export the current findings',
    );
  if (!tracker || !latest || options.findings === 'signed')
    return { model: buildReportModel(host, sessionId, options), tracker: {} };
  const built = buildRecord(host, sessionId, latest);
  const record = options.pseudonymise ? pseudonymiseRecord(built) : built;
  return {
    model: { record, screenshots: {}, audit: buildAuditTrail(host, sessionId, record) },
    tracker: {
      findings: { source: 'current', asOf: new Date(host.clock.now()).toISOString() },
    },
  };
}

/** Participant id → e-mail for the tracker's Assignee; none when names are pseudonymised. */
function assignees(host: HostContext, sessionId: string, pseudonymise: boolean) {
  if (pseudonymise) return {};
  return Object.fromEntries(
    host.repos.participants
      .list(sessionId)
      .filter((p) => p.email)
      .map((p) => [p.id, p.email]),
  );
}

/**
 * One export of a session, as the desktop app, web mode and the CLI all produce it: the
 * record built from the store, passed through the session's redaction rules, then rendered.
 */
export function renderSessionExport(
  host: HostContext,
  sessionId: string,
  format: RecordFormat,
  options: SessionExportOptions = {},
): { filename: string; mime: string; content: string } {
  const { model, tracker } = trackerModel(host, sessionId, format, options);
  if (PAYLOADS.has(format) && !model.record.flag.key)
    throw new ApiError(
      'conflict',
      'The session names no flag key, and a rollout payload needs one: set it in Prepare',
    );
  try {
    return renderExport(format, model, {
      ...tracker,
      assignees: assignees(host, sessionId, options.pseudonymise === true),
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
