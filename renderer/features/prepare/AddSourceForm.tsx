import { useState, type FormEvent } from 'react';
import type { SourceInput, Tenancy } from '../../../shared/domain/feeds';
import { Field } from '../../components/Field';
import type { ActionResult } from '../../store/types';
import { FormError } from '../../components/FormError';
import { TenancyChoice } from './TenancyChoice';

type Kind = SourceInput['kind'];
type Values = Record<string, string>;
type FieldSpec = {
  key: string;
  label: string;
  /** Where the host reports this field's error. */
  path: string;
  hint?: string;
  placeholder?: string;
  secret?: boolean;
  grow?: boolean;
};

const KINDS: Array<{ kind: Kind; label: string }> = [
  { kind: 'command', label: 'Command output' },
  { kind: 'file', label: 'Log file' },
  { kind: 'datadog', label: 'Datadog logs' },
  { kind: 'loki', label: 'Grafana Loki' },
  { kind: 'sentry-api', label: 'Sentry issues (API)' },
];
const poll: FieldSpec = {
  key: 'pollSeconds',
  label: 'Poll every (s)',
  path: 'source.pollSeconds',
  placeholder: '5',
};

function fieldsOf(kind: Kind, tenant: string): FieldSpec[] {
  switch (kind) {
    case 'command':
      return [
        {
          key: 'command',
          label: 'Command',
          path: 'source.command',
          grow: true,
          hint: `e.g. kubectl logs -f -l app=shop --timestamps, stern -o json shop, cat app.log`,
        },
      ];
    case 'file':
      return [
        {
          key: 'path',
          label: 'Path',
          path: 'source.path',
          grow: true,
          hint: 'JSON lines or plain text; rotation is followed',
        },
      ];
    case 'datadog':
      return [
        {
          key: 'site',
          label: 'Site',
          path: 'source.site',
          placeholder: 'datadoghq.com',
          hint: 'datadoghq.eu, us5.datadoghq.com, …',
        },
        {
          key: 'query',
          label: 'More search terms',
          path: 'source.query',
          placeholder: 'service:shop',
          grow: true,
          hint: 'The tenant scope is added for you',
        },
        poll,
        { key: 'apiKey', label: 'API key', path: 'source.credentials.apiKey', secret: true },
        {
          key: 'appKey',
          label: 'Application key',
          path: 'source.credentials.appKey',
          secret: true,
        },
      ];
    case 'loki':
      return [
        {
          key: 'url',
          label: 'Loki address',
          path: 'source.url',
          placeholder: 'https://loki.example.com',
        },
        {
          key: 'query',
          label: 'LogQL',
          path: 'source.query',
          grow: true,
          placeholder: `{app="shop", tenant="${tenant}"}`,
        },
        { key: 'orgId', label: 'Org id (X-Scope-OrgID)', path: 'source.orgId' },
        poll,
        { key: 'username', label: 'User', path: 'source.credentials.username' },
        {
          key: 'password',
          label: 'Password or token',
          path: 'source.credentials.password',
          secret: true,
        },
      ];
    case 'sentry-api':
      return [
        {
          key: 'url',
          label: 'Sentry address',
          path: 'source.url',
          placeholder: 'https://sentry.io',
        },
        {
          key: 'organization',
          label: 'Organization',
          path: 'source.organization',
          placeholder: 'acme',
        },
        {
          key: 'projects',
          label: 'Project ids',
          path: 'source.projects',
          hint: 'Comma-separated; empty for all',
        },
        poll,
        {
          key: 'token',
          label: 'Auth token',
          path: 'source.credentials.token',
          secret: true,
          hint: 'Needs event:read',
        },
      ];
  }
}

const tenancyOf = (v: Values): Tenancy => (v.tenancy === 'single' ? 'single' : 'multi');

/** The form values → the contract's input (blank optional fields left to the defaults). */
function inputOf(kind: Kind, v: Values): SourceInput {
  const name = v.name ?? '';
  const opt = (k: string) => (v[k]?.trim() ? { [k]: v[k]!.trim() } : {});
  const seconds = v.pollSeconds?.trim() ? { pollSeconds: Number(v.pollSeconds) } : {};
  switch (kind) {
    case 'command':
      return {
        kind,
        name,
        command: v.command ?? '',
        tenancy: tenancyOf(v),
        restartOnExit: v.restartOnExit === 'yes',
      };
    case 'file':
      return { kind, name, path: v.path ?? '', tenancy: tenancyOf(v) };
    case 'datadog':
      return {
        kind,
        name,
        ...opt('site'),
        ...opt('query'),
        ...seconds,
        credentials: { apiKey: v.apiKey ?? '', appKey: v.appKey ?? '' },
      };
    case 'loki':
      return {
        kind,
        name,
        url: v.url ?? '',
        query: v.query ?? '',
        ...opt('orgId'),
        ...seconds,
        credentials: { username: v.username ?? '', password: v.password ?? '' },
      };
    case 'sentry-api':
      return {
        kind,
        name,
        ...opt('url'),
        organization: v.organization ?? '',
        projects: (v.projects ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
        ...seconds,
        credentials: { token: v.token ?? '' },
      };
  }
}

/** Add a command, a log file or an API to poll; credentials go to the host and are never shown again. */
export function AddSourceForm({
  tenant,
  locked,
  onAdd,
}: {
  tenant: string;
  locked: boolean;
  onAdd: (input: SourceInput) => Promise<ActionResult>;
}) {
  const [kind, setKind] = useState<Kind>('command');
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const specs = fieldsOf(kind, tenant);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await onAdd(inputOf(kind, values));
    if (!result.ok) {
      setErrors(result.fields);
      const placed = specs.some((s) => result.fields[s.path]) || result.fields['source.name'];
      return setError(placed ? undefined : result.message);
    }
    setErrors({});
    setError(undefined);
    setValues({}); // secrets do not linger in the page
  };
  const input = (s: FieldSpec) => (
    <Field
      key={`${kind}-${s.key}`}
      label={s.label}
      className={s.grow ? 'grow' : ''}
      error={errors[s.path]}
      {...(s.hint ? { hint: s.hint } : {})}
    >
      {(p) => (
        <input
          {...p}
          type={s.secret ? 'password' : 'text'}
          autoComplete="off"
          spellCheck={false}
          value={values[s.key] ?? ''}
          placeholder={s.placeholder}
          disabled={locked}
          onChange={(e) => setValues({ ...values, [s.key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form className="add-form" onSubmit={submit} aria-label="Add a source">
      <Field label="Kind">
        {(p) => (
          <select
            {...p}
            value={kind}
            disabled={locked}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setErrors({});
              setError(undefined);
            }}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input({
        key: 'name',
        label: 'Name',
        path: 'source.name',
        placeholder: kind === 'command' ? 'kubectl' : '',
      })}
      {specs.map(input)}
      {(kind === 'command' || kind === 'file') && (
        <TenancyChoice
          tenant={tenant}
          kind={kind}
          value={tenancyOf(values)}
          disabled={locked}
          onChange={(tenancy) => setValues({ ...values, tenancy })}
        />
      )}
      {kind === 'command' && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={values.restartOnExit === 'yes'}
            disabled={locked}
            onChange={(e) => setValues({ ...values, restartOnExit: e.target.checked ? 'yes' : '' })}
          />{' '}
          Restart when it exits (for a command that stops on its own, e.g. without -f); a command
          that fails is always restarted
        </label>
      )}
      <button type="submit" disabled={locked}>
        Add source
      </button>
      <FormError message={error} />
    </form>
  );
}
