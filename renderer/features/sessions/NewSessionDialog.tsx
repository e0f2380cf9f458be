import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';

export function NewSessionDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useAppStore((s) => s.createSession);
  const navigate = useAppStore((s) => s.navigate);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setTitle('');
    setError(undefined);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await create(title);
    setBusy(false);
    if (!result.ok) {
      setError(result.fields.title ?? result.message);
      return;
    }
    close();
    navigate({ name: 'session', id: result.id!, phase: 'prepare' });
  };

  return (
    <Dialog open={open} title="New session" onClose={close}>
      <form onSubmit={submit} noValidate>
        <Field
          label="Title"
          error={error}
          hint="For example: New checkout — internal tenant, week 47"
        >
          {(p) => (
            <input
              {...p}
              autoFocus
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Create and prepare
          </button>
        </div>
      </form>
    </Dialog>
  );
}
