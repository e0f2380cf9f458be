import { useEffect, useState } from 'react';
import type { ImportFormat, ImportPreview } from '../../../shared/domain/goals';
import { Dialog } from '../../components/Dialog';
import { useAppStore } from '../../store';
import { FormError } from '../../components/FormError';

/** Shows what an import would do, row by row, before anything is written. */
export function ImportDialog({
  format,
  text,
  name,
  onClose,
}: {
  format: ImportFormat;
  text: string;
  name: string;
  onClose: () => void;
}) {
  const previewImport = useAppStore((s) => s.previewImport);
  const importGoals = useAppStore((s) => s.importGoals);
  const toast = useAppStore((s) => s.toast);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void previewImport(format, text).then((result) => {
      if (!live) return;
      if ('accepted' in result) setPreview(result);
      else if (!result.ok) setError(result.message);
    });
    return () => {
      live = false;
    };
  }, [format, text, previewImport]);

  const commit = async () => {
    setBusy(true);
    const result = await importGoals(format, text);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    toast('info', `Imported ${result.count} ${result.count === 1 ? 'goal' : 'goals'}`);
    onClose();
  };
  const accepted = preview?.accepted.length ?? 0;

  return (
    <Dialog open title={`Import goals from ${name}`} onClose={onClose} className="wide">
      <FormError message={error} />
      {!preview && !error && <p>Reading {name}…</p>}
      {preview && (
        <div className="import-preview">
          <p className="summary">
            {accepted} {accepted === 1 ? 'goal' : 'goals'} will be imported
            {preview.rejected.length > 0 &&
              `, ${preview.rejected.length} ${preview.rejected.length === 1 ? 'row' : 'rows'} rejected`}
            .
            {preview.ignoredColumns.length > 0 &&
              ` Columns ignored: ${preview.ignoredColumns.join(', ')}.`}
          </p>
          {accepted > 0 && (
            <table aria-label="Goals to import">
              <thead>
                <tr>
                  <th>{format === 'csv' ? 'Row' : 'Line'}</th>
                  <th>Goal</th>
                  <th>Priority</th>
                  <th>Owner</th>
                </tr>
              </thead>
              <tbody>
                {preview.accepted.map((g) => (
                  <tr key={g.line}>
                    <td>{g.line}</td>
                    <td>{g.title}</td>
                    <td>{g.priority}</td>
                    <td>{g.owner}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.rejected.length > 0 && (
            <table aria-label="Rejected rows" className="rejected">
              <thead>
                <tr>
                  <th>{format === 'csv' ? 'Row' : 'Line'}</th>
                  <th>Content</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.rejected.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>
                      <code>{r.text}</code>
                    </td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!preview || accepted === 0 || busy}
          onClick={commit}
        >
          Import {accepted} {accepted === 1 ? 'goal' : 'goals'}
        </button>
      </div>
    </Dialog>
  );
}
