import { useState } from 'react';
import type { ExportFormat, TrackerFindings } from '../../../shared/api/exports';
import { desktop } from '../../api/desktop';
import { downloadText } from '../../lib/format';
import { useAppStore } from '../../store';

/** Formats an issue tracker imports: they can carry the findings as signed or as they are now. */
const TRACKERS = new Set<ExportFormat>(['csv', 'issues']);

const FORMATS: Array<{ format: ExportFormat; label: string; hint: string }> = [
  { format: 'html', label: 'Report (HTML)', hint: 'One file, readable offline and printable' },
  { format: 'md', label: 'Report (Markdown)', hint: 'For a wiki or a pull request' },
  { format: 'json', label: 'Decision record (JSON)', hint: 'For a pipeline to gate on' },
  { format: 'csv', label: 'Findings (CSV)', hint: 'For your issue tracker’s import' },
  { format: 'issues', label: 'Issue drafts (Markdown)', hint: 'One draft per follow-up' },
  {
    format: 'flagd',
    label: 'flagd flag file',
    hint: 'OpenFeature flagd: the flag as the decision leaves it',
  },
  {
    format: 'flagd-patch',
    label: 'flagd patch (JSON Patch)',
    hint: 'Applies only to a flag file in the state the decision found',
  },
  {
    format: 'unleash',
    label: 'Unleash requests',
    hint: 'Admin API calls, refused if the flag moved',
  },
  { format: 'posthog', label: 'PostHog requests', hint: 'Flag PATCH, by person or by group' },
];

/** Issued when the decision was signed; the signed record names people as they signed. */
const SIGNATURES: Array<{ format: ExportFormat; label: string; hint: string }> = [
  {
    format: 'jws',
    label: 'Signed decision record (JWS)',
    hint: 'Proves who signed it and that nothing changed since: ensemble verify, or any JOSE library',
  },
  { format: 'jwks', label: 'Public keys (JWKS)', hint: 'What verifies the signed record' },
];

/** Every export, from the same host module the CLI uses; nothing is applied to a flag system. */
export function ExportPanel() {
  const render = useAppStore((s) => s.exportSession);
  const printable_ = useAppStore((s) => s.printableReport);
  const signed = useAppStore((s) => s.decisions.length > 0);
  const [pseudonymise, setPseudonymise] = useState(false);
  const [findings, setFindings] = useState<TrackerFindings>('current');
  const [busy, setBusy] = useState<ExportFormat | 'pdf' | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const out = await render(
        format,
        pseudonymise,
        TRACKERS.has(format) && signed ? findings : 'current',
      );
      if (out) downloadText(out.filename, out.content, out.mime);
    } finally {
      setBusy(null);
    }
  };
  const printable = async () => {
    setBusy('pdf');
    try {
      if (desktop?.savePdf) {
        const out = await render('html', pseudonymise);
        if (out) await desktop.savePdf(out.filename.replace(/\.html$/, '.pdf'), out.content);
      } else {
        // The report under its own policy, laid out for paper by its print stylesheet.
        const url = await printable_(pseudonymise);
        if (url) window.open(url, '_blank', 'noopener');
      }
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card exports" aria-labelledby="exports-title">
      <div className="card-header">
        <h2 id="exports-title">Exports</h2>
        {busy && (
          <span role="status" className="badge">
            Preparing {busy}…
          </span>
        )}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={pseudonymise}
          onChange={(e) => setPseudonymise(e.target.checked)}
        />{' '}
        Pseudonymise participants (Participant 1, 2, …)
      </label>
      {signed && (
        <label className="checkbox">
          Findings in the CSV and issue drafts{' '}
          <select value={findings} onChange={(e) => setFindings(e.target.value as TrackerFindings)}>
            <option value="current">Current findings (added or changed after signing too)</option>
            <option value="signed">As signed with the decision</option>
          </select>
        </label>
      )}
      <ul className="export-list">
        {FORMATS.map((f) => (
          <li key={f.format}>
            <button type="button" disabled={busy !== null} onClick={() => void run(f.format)}>
              {f.label}
            </button>{' '}
            <span className="muted">{f.hint}</span>
          </li>
        ))}
        {signed &&
          SIGNATURES.map((f) => (
            <li key={f.format}>
              <button
                type="button"
                disabled={busy !== null || (f.format === 'jws' && pseudonymise)}
                onClick={() => void run(f.format)}
              >
                {f.label}
              </button>{' '}
              <span className="muted">
                {f.format === 'jws' && pseudonymise
                  ? 'Names people as signed: clear “Pseudonymise” to download it'
                  : f.hint}
              </span>
            </li>
          ))}
        <li>
          <button type="button" disabled={busy !== null} onClick={() => void printable()}>
            {desktop?.savePdf ? 'Report (PDF)' : 'Printable report'}
          </button>{' '}
          <span className="muted">
            {desktop?.savePdf ? 'Saved as a PDF file' : 'Opens the report to print or save as PDF'}
          </span>
        </li>
      </ul>
    </section>
  );
}
