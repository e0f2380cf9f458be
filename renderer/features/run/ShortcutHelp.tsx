import { Dialog } from '../../components/Dialog';
import { CAPTURE_SHORTCUTS, RUN_SHORTCUTS } from './runShortcuts';

/** The `?` overlay: every Run shortcut, in a modal dialog that Esc closes. */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} className="shortcut-help">
      <p className="card-hint">Single keys work anywhere on the Run page except while typing.</p>
      <dl className="shortcut-list">
        {RUN_SHORTCUTS.map((s) => (
          <div key={s.key} className="shortcut">
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
        {CAPTURE_SHORTCUTS.map((s) => (
          <div key={s.keys} className="shortcut">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
