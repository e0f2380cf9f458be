import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FeedSettings, LocalSource } from '../../../shared/domain/feeds';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';

/** Where the internal tenant's logs and errors come from, how its events are recognised, what is redacted. */
export function FeedSetup({ sessionId, locked }: { sessionId: string; locked: boolean }) {
  const load = useAppStore((s) => s.loadFeedSetup);
  const save = useAppStore((s) => s.saveFeedSettings);
  const addSource = useAppStore((s) => s.addLocalSource);
  const removeSource = useAppStore((s) => s.removeLocalSource);
  const [setup, setSetup] = useState<{
    settings: FeedSettings;
    sources: LocalSource[];
    ingestUrl: string | null;
  } | null>(null);
  const [kind, setKind] = useState<'command' | 'file'>('command');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => setSetup(await load(sessionId)), [load, sessionId]);
  useEffect(() => {
    let live = true;
    void load(sessionId).then((result) => live && setSetup(result));
    return () => {
      live = false;
    };
  }, [load, sessionId]);
  if (!setup) return null;
  const { settings } = setup;
  const update = async (patch: Partial<FeedSettings>) => {
    const result = await save(sessionId, { ...settings, ...patch });
    if (result) setSetup({ ...setup, settings: result });
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await addSource(
      sessionId,
      kind === 'command' ? { kind, name, command: target } : { kind, name, path: target },
    );
    if (!result.ok) return setError(result.message);
    setError(undefined);
    setName('');
    setTarget('');
    await reload();
  };

  return (
    <section className="card" aria-labelledby="feeds-setup-title">
      <div className="card-header">
        <h2 id="feeds-setup-title">Feeds</h2>
      </div>
      <p className="card-hint">
        {setup.ingestUrl ? (
          <>
            Point the internal tenant’s OpenTelemetry exporters at{' '}
            <code>{setup.ingestUrl}/v1/logs</code> and its Sentry SDKs at{' '}
            <code>{setup.ingestUrl.replace('://', '://ensemble@')}/1</code>. Only events of this
            session’s tenant are kept.
          </>
        ) : (
          'The feed receivers are off in this host.'
        )}
      </p>
      <fieldset disabled={locked} className="form-grid plain">
        <Field label="Tenant attribute (logs)">
          {(p) => (
            <input
              {...p}
              defaultValue={settings.tenantKey}
              onBlur={(e) =>
                e.target.value !== settings.tenantKey && void update({ tenantKey: e.target.value })
              }
            />
          )}
        </Field>
        <Field label="Tenant tag (Sentry)">
          {(p) => (
            <input
              {...p}
              defaultValue={settings.sentryTenantTag}
              onBlur={(e) =>
                e.target.value !== settings.sentryTenantTag &&
                void update({ sentryTenantTag: e.target.value })
              }
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.redaction.redactIps}
            onChange={(e) =>
              void update({ redaction: { ...settings.redaction, redactIps: e.target.checked } })
            }
          />{' '}
          Redact IP addresses
        </label>
      </fieldset>
      <h3>Commands and log files</h3>
      <ul className="source-list" aria-label="Local sources">
        {setup.sources.map((s) => (
          <li key={s.id} aria-label={s.name}>
            <strong>{s.name}</strong> <span className="badge">{s.kind}</span>{' '}
            <code>{s.target}</code> <span className="badge">{s.status}</span>
            <button
              type="button"
              className="ghost"
              disabled={locked}
              onClick={async () => (await removeSource(s.id), reload())}
            >
              Remove
            </button>
            <div className="source-detail">{s.detail}</div>
          </li>
        ))}
      </ul>
      <form className="add-form" onSubmit={add} aria-label="Add a source">
        <Field label="Kind">
          {(p) => (
            <select
              {...p}
              value={kind}
              disabled={locked}
              onChange={(e) => setKind(e.target.value as 'command' | 'file')}
            >
              <option value="command">Command output</option>
              <option value="file">Log file</option>
            </select>
          )}
        </Field>
        <Field label="Name">
          {(p) => (
            <input
              {...p}
              value={name}
              disabled={locked}
              placeholder="kubectl"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={kind === 'command' ? 'Command' : 'Path'}
          className="grow"
          hint={
            kind === 'command'
              ? 'Scoped to the tenant, e.g. kubectl logs -f -l tenant=internal --timestamps'
              : 'JSON lines or plain text; rotation is followed'
          }
        >
          {(p) => (
            <input
              {...p}
              value={target}
              disabled={locked}
              onChange={(e) => setTarget(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={locked}>
          Add source
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
