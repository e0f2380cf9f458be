import { useEffect, useState } from 'react';
import type { CaptureSource } from '../../../shared/api/bridge';
import { desktop } from '../../api/desktop';
import { Dialog } from '../../components/Dialog';

/** Desktop: choose the screen or window to capture. */
export function SourcePicker({
  onPicked,
  onCancel,
}: {
  onPicked: (image: Blob) => void;
  onCancel: () => void;
}) {
  const [sources, setSources] = useState<CaptureSource[] | null>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    void desktop
      ?.sources()
      .then(setSources, () =>
        setError('Screen capture is not allowed; check the system’s screen recording permission'),
      );
  }, []);
  return (
    <Dialog open title="Capture a screen or window" onClose={onCancel} className="wide">
      {error && <p className="field-error">{error}</p>}
      <ul className="source-grid" aria-label="Screens and windows">
        {(sources ?? []).map((s) => (
          <li key={s.id}>
            <button
              type="button"
              onClick={async () => {
                try {
                  onPicked(await desktop!.capture(s.id));
                } catch (e) {
                  setError(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              <img src={s.thumbnail} alt="" />
              <span>{s.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
