import { useState } from 'react';
import type { Role, RoleInput } from '../../../shared/domain/roles';
import { useAppStore } from '../../store';
import { selectRoles } from '../../store/openSessionSlice';
import { InlineAddForm } from '../../components/InlineAddForm';
import { useFieldDraft } from '../../components/useFieldDraft';
import { FormError } from '../../components/FormError';

const FIXED = new Set(['driver', 'observer']);

export function RolesEditor() {
  const roles = useAppStore(selectRoles);
  const setRoles = useAppStore((s) => s.setRoles);
  const [error, setError] = useState<string>();

  const asInput = (list: readonly Role[]): RoleInput[] =>
    list.map((r) => ({ id: r.id, name: r.name }));
  const apply = async (next: RoleInput[]) => {
    const result = await setRoles(next);
    setError(result.ok ? undefined : result.message);
    return result.ok;
  };
  const add = async (text: string) => {
    const name = text.trim();
    if (!name) {
      setError('Name the new role');
      return false;
    }
    const list = asInput(roles);
    list.splice(list.length - 1, 0, { name }); // before observers
    return apply(list);
  };

  return (
    <section className="card" aria-labelledby="roles-title">
      <div className="card-header">
        <h2 id="roles-title">Roles</h2>
      </div>
      <p className="card-hint">
        Rotating roles pass along the roster each turn, in this order; everyone else observes.
        Rename them to fit your team.
      </p>
      <ul className="roles" aria-label="Roles">
        {roles.map((role) => (
          <RoleRow
            key={role.id}
            role={role}
            onRename={(name) =>
              apply(asInput(roles).map((r) => (r.id === role.id ? { ...r, name } : r)))
            }
            onRemove={
              FIXED.has(role.key)
                ? undefined
                : () => void apply(asInput(roles.filter((r) => r.id !== role.id)))
            }
          />
        ))}
      </ul>
      <InlineAddForm
        label="New role name"
        placeholder="Add a rotating role, e.g. Devil’s advocate"
        submitLabel="Add role"
        maxLength={40}
        onAdd={add}
      />
      <FormError message={error} />
    </section>
  );
}

function RoleRow({
  role,
  onRename,
  onRemove,
}: {
  role: Role;
  onRename: (name: string) => Promise<boolean>;
  onRemove?: () => void;
}) {
  const f = useFieldDraft(role.name);
  const commit = async () => {
    f.done();
    const name = f.draft.trim();
    if (name === role.name) return;
    if (!name) return f.setError('A role needs a name');
    if (!(await onRename(name))) f.reset();
  };
  return (
    <li className="role-row">
      <span className={`role-kind ${role.rotates ? 'rotates' : ''}`}>
        {role.rotates ? '↻' : '○'}
      </span>
      <input
        aria-label={`Role name (${role.key})`}
        value={f.draft}
        maxLength={40}
        onChange={(e) => f.onChange(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && void commit()}
      />
      {onRemove && (
        <button
          type="button"
          className="ghost"
          aria-label={`Remove role ${role.name}`}
          onClick={onRemove}
        >
          Remove
        </button>
      )}
      {f.error && <span className="field-error">{f.error}</span>}
    </li>
  );
}
