import { z } from 'zod';
import { Id } from '../domain/common';
import { PreflightSettings } from '../domain/preflight';
import { method } from './common';

export const EXPORT_FORMATS = [
  'md',
  'html',
  'json',
  'csv',
  'issues',
  'flagd',
  'flagd-patch',
  'unleash',
  'posthog',
] as const;
/** Rendered from the record: every one of these passes through the session's redaction rules. */
export type RecordFormat = (typeof EXPORT_FORMATS)[number];
/**
 * Issued when the decision is signed, not rendered: the signed record (a JWS, RFC 7515) and the
 * public keys that verify it (a JWK Set). The JWS names people as signed: never pseudonymised.
 */
export const SIGNATURE_FORMATS = ['jws', 'jwks'] as const;
export const ExportFormat = z.enum([...EXPORT_FORMATS, ...SIGNATURE_FORMATS]);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * Which findings a tracker format (csv, issues) carries once a decision is signed: as they are
 * now (findings added or changed after signing included) or as the signed decision recorded
 * them. Every issue says which. Other formats are always the signed record.
 */
export const TrackerFindings = z.enum(['current', 'signed']);
export type TrackerFindings = z.infer<typeof TrackerFindings>;

export const exportsApi = {
  /**
   * Web mode: a one-time address (valid for a minute) where the HTML report opens under its own
   * strict policy, to print or save as PDF. Null in the desktop app, which prints to PDF itself.
   */
  'exports.print': method(
    z.object({ sessionId: Id, pseudonymise: z.boolean().default(false) }).strict(),
    z.object({ url: z.string().nullable() }),
  ),
  'exports.render': method(
    z
      .object({
        sessionId: Id,
        format: ExportFormat,
        /** Participants as "Participant 1", "Participant 2", … */
        pseudonymise: z.boolean().default(false),
        /** Tracker formats only; "signed" before any decision is signed is a conflict (409). */
        findings: TrackerFindings.default('current'),
        /**
         * flagd formats: the evaluation-context attribute that names the tenant, instead of the
         * session's pre-flight setting (`contextKey`) for this one file.
         */
        contextAttribute: PreflightSettings.shape.contextKey.optional(),
      })
      .strict(),
    z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  ),
};
