/**
 * Every export of a session in one entry: the model is redacted first, then rendered. Renderers
 * are pure: they read the model and return the file; nothing is written or sent.
 */
import type { ExportFormat, RecordFormat } from '../../../shared/api/exports';
import type { RedactionSettings } from '../../../shared/domain/feeds';
import type { ReportModel } from '../../../shared/domain/record';
import type { ExportFile, TrackerOptions } from './common';
import { renderCsv } from './csv';
import { type FlagdOptions, renderFlagd, renderFlagdPatch } from './flagd';
import { renderHtml } from './html';
import { renderIssues } from './issues';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderPosthog } from './posthog';
import { redactModel } from './redact';
import { renderUnleash } from './unleash';

export type { ExportFile, ExportFormat };
export { redactModel };

export type ExportOptions = TrackerOptions & {
  /** The session's redaction rules; the built-in ones apply whatever is given. */
  redaction?: Partial<RedactionSettings>;
  flagd?: FlagdOptions;
};

const RENDERERS: {
  [F in RecordFormat]: (model: ReportModel, options: ExportOptions) => ExportFile;
} = {
  md: renderMarkdown,
  html: renderHtml,
  json: renderJson,
  csv: renderCsv,
  issues: renderIssues,
  flagd: (model, options) => renderFlagd(model, options.flagd),
  'flagd-patch': (model, options) => renderFlagdPatch(model, options.flagd),
  unleash: renderUnleash,
  posthog: renderPosthog,
};

export function renderExport(
  format: RecordFormat,
  model: ReportModel,
  options: ExportOptions = {},
): ExportFile {
  return RENDERERS[format](redactModel(model, options.redaction), options);
}
