import { useEffect, useState } from 'react';
import type { FlagSystem, PreflightSettings } from '../../../shared/domain/preflight';
import { Field } from '../../components/Field';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { useAppStore } from '../../store';

const MARK = { pass: '✓ pass', fail: '✗ fail', unknown: '? unknown' } as const;

/** What each flag system asks for: its address, and the credential the host keeps. */
const FORM = {
  'flagd-file': { address: 'Flag file path', placeholder: '/etc/flagd/flags.json', token: '' },
  ofrep: { address: 'OFREP address', placeholder: 'http://127.0.0.1:8016', token: 'Bearer token' },
  unleash: {
    address: 'Unleash API address',
    placeholder: 'https://unleash.example.com/api',
    token: 'Client token',
  },
  posthog: {
    address: 'PostHog address',
    placeholder: 'https://us.i.posthog.com',
    token: 'Personal API key',
  },
} as const;

function addressOf(system: FlagSystem): string {
  if (system.kind === 'flagd-file') return system.path;
  if (system.kind === 'ofrep') return system.baseUrl;
  if (system.kind === 'unleash') return system.url;
  if (system.kind === 'posthog') return system.host;
  return '';
}

function FlagSystemForm({
  settings,
  hasToken,
}: {
  settings: PreflightSettings;
  hasToken: boolean;
}) {
  const change = useAppStore((s) => s.changePreflight);
  const system = settings.flagSystem;
  const [kind, setKind] = useState<FlagSystem['kind']>(system.kind);
  const [target, setTarget] = useState(addressOf(system));
  const [project, setProject] = useState(system.kind === 'posthog' ? system.projectApiKey : '');
  const [token, setToken] = useState('');
  const [contextKey, setContextKey] = useState(settings.contextKey);
  const [controls, setControls] = useState(settings.controlTenants.join(', '));
  const [error, setError] = useState<string>();
  const save = async () => {
    const flagSystem: FlagSystem =
      kind === 'flagd-file'
        ? { kind, path: target }
        : kind === 'ofrep'
          ? { kind, baseUrl: target }
          : kind === 'unleash'
            ? { kind, url: target }
            : kind === 'posthog'
              ? { kind, host: target, projectApiKey: project }
              : { kind: 'none' };
    const controlTenants = controls
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const result = await change('preflight.setSettings', {
      settings: { flagSystem, contextKey, controlTenants },
      ...(token ? { token } : {}),
    });
    setError(result.ok ? undefined : result.message);
    if (result.ok) setToken('');
  };
  return (
    <form
      className="form-grid plain"
      aria-label="Flag system"
      onSubmit={(e) => (e.preventDefault(), void save())}
    >
      <Field label="Flag system">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="none">Not set up</option>
            <option value="flagd-file">flagd flag file</option>
            <option value="ofrep">OFREP endpoint (flagd, …)</option>
            <option value="unleash">Unleash (client API)</option>
            <option value="posthog">PostHog (local evaluation)</option>
          </select>
        )}
      </Field>
      {kind !== 'none' && (
        <Field label={FORM[kind].address}>
          {(p) => (
            <input
              {...p}
              value={target}
              placeholder={FORM[kind].placeholder}
              onChange={(e) => setTarget(e.target.value)}
            />
          )}
        </Field>
      )}
      {kind === 'posthog' && (
        <Field label="Project API key" hint="phc_…, from the project's settings (public)">
          {(p) => <input {...p} value={project} onChange={(e) => setProject(e.target.value)} />}
        </Field>
      )}
      {kind !== 'none' && kind !== 'flagd-file' && (
        <Field
          label={FORM[kind].token}
          hint={
            hasToken
              ? 'One is kept; type to replace it'
              : kind === 'ofrep'
                ? 'Optional'
                : 'Required; kept by the host, never shown again'
          }
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field
        label="Tenant attribute in the flag context"
        hint="Your SDKs send the tenant under this name, beside targetingKey; the pre-flight and the flagd export use it. flagd reads a dot as nesting: org.id is { org: { id } }"
      >
        {(p) => <input {...p} value={contextKey} onChange={(e) => setContextKey(e.target.value)} />}
      </Field>
      <Field label="Other tenants that must be off (comma-separated)">
        {(p) => <input {...p} value={controls} onChange={(e) => setControls(e.target.value)} />}
      </Field>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Save flag system</button>
    </form>
  );
}

/** The pre-flight before Start: flag state, feeds live, guardrails; and the override. */
export function PreflightPanel({ locked }: { locked: boolean }) {
  const state = useAppStore((s) => s.preflight);
  const load = useAppStore((s) => s.loadPreflight);
  const change = useAppStore((s) => s.changePreflight);
  const detail = useAppStore((s) => s.detail);
  const [ticker, setTicker] = useState('');
  const [overrider, setOverrider] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => void load(), [load]);
  if (!state || !detail || state.sessionId !== detail.session.id) return null;
  const people = detail.participants;
  const by = ticker || people[0]?.id || '';
  const overrideBy = overrider || detail.session.facilitatorId || people[0]?.id || '';
  const result = state.result;
  return (
    <section className="card preflight" aria-labelledby="preflight-title">
      <div className="card-header">
        <h2 id="preflight-title">Pre-flight</h2>
        <button type="button" disabled={locked} onClick={() => void change('preflight.run', {})}>
          Run pre-flight
        </button>
      </div>
      <p className="card-hint">
        Runs again at Start. A failed check — or, when the session names a flag, one that could not
        be made — stops Start unless the facilitator overrides it with a reason.
      </p>
      {result && (
        <ul className="preflight-checks" aria-label="Pre-flight checks">
          {result.checks.map((c) => (
            <li key={c.key} className={`check-${c.status}`}>
              <strong>{MARK[c.status]}</strong> {c.label} — <span>{c.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <fieldset disabled={locked} className="plain">
        <h3>Flag</h3>
        <FlagSystemForm
          key={JSON.stringify(state.settings)}
          settings={state.settings}
          hasToken={state.hasToken}
        />
        <h3>Guardrails</h3>
        <Field label="Ticked by">
          {(p) => (
            <select {...p} value={by} onChange={(e) => setTicker(e.target.value)}>
              <ParticipantOptions participants={people} />
            </select>
          )}
        </Field>
        <ul className="preflight-guardrails">
          {state.checklist.map((g) => (
            <li key={g.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={g.tick !== null}
                  disabled={!by}
                  onChange={(e) =>
                    void change('preflight.tick', {
                      itemId: g.id,
                      participantId: by,
                      ticked: e.target.checked,
                    })
                  }
                />{' '}
                {g.text}
                {g.tick && <span className="muted"> — {g.tick.name}</span>}
              </label>
            </li>
          ))}
        </ul>
        {state.blocking.length > 0 && (
          <form
            aria-label="Override the pre-flight"
            className="form-grid plain"
            onSubmit={async (e) => {
              e.preventDefault();
              const r = await change('preflight.override', { participantId: overrideBy, reason });
              setError(r.ok ? undefined : r.message);
            }}
          >
            <Field label="Overridden by">
              {(p) => (
                <select {...p} value={overrideBy} onChange={(e) => setOverrider(e.target.value)}>
                  <ParticipantOptions participants={people} />
                </select>
              )}
            </Field>
            <Field label="Reason for the override">
              {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit">Override and allow Start</button>
          </form>
        )}
        {state.override && (
          <p className="notice" role="note">
            Overridden by {state.override.name}: {state.override.reason}
          </p>
        )}
      </fieldset>
    </section>
  );
}
