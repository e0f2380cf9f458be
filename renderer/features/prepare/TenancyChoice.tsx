import type { Tenancy } from '../../../shared/domain/feeds';

/** Whose lines a command or file carries: a choice made when it is added, one line each. */
export function TenancyChoice({
  tenant,
  kind,
  value,
  disabled,
  onChange,
}: {
  tenant: string;
  kind: 'command' | 'file';
  value: Tenancy;
  disabled: boolean;
  onChange: (tenancy: Tenancy) => void;
}) {
  const what = kind === 'command' ? 'The command reads' : 'The file holds';
  const options: Array<{ tenancy: Tenancy; label: string; hint: string }> = [
    {
      tenancy: 'multi',
      label: 'Multi-tenant',
      hint: `${what} several tenants' lines: only lines naming ${tenant} (tenant.id, tenant, tenantId, org_id, tenant=… ) are kept; the rest are counted and dropped`,
    },
    {
      tenancy: 'single',
      label: 'Single-tenant',
      hint: `${what} only ${tenant}'s lines (e.g. kubectl logs -l tenant=${tenant}): lines naming no tenant are ${tenant}'s`,
    },
  ];
  return (
    <fieldset className="tenancy-choice" disabled={disabled}>
      <legend>Tenants in its lines</legend>
      {options.map((o) => (
        <label key={o.tenancy} className="radio">
          <input
            type="radio"
            name="tenancy"
            value={o.tenancy}
            required
            checked={value === o.tenancy}
            onChange={() => onChange(o.tenancy)}
          />{' '}
          <strong>{o.label}</strong> <span className="field-hint">{o.hint}</span>
        </label>
      ))}
    </fieldset>
  );
}
