import { useCallback, useEffect, useState } from 'react';
import { AddSourceForm } from './AddSourceForm';
import { AllowedOrigins } from './AllowedOrigins';
import { SourceList } from './SourceList';
import type { FeedSettings, FeedSource } from '../../../shared/domain/feeds';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';

/** Where the internal tenant's logs and errors come from, how its events are recognised, what is redacted. */
export function FeedSetup({
  sessionId,
  tenant,
  locked,
}: {
  sessionId: string;
  tenant: string;
  locked: boolean;
}) {
  const load = useAppStore((s) => s.loadFeedSetup);
  const save = useAppStore((s) => s.saveFeedSettings);
  const addSource = useAppStore((s) => s.addSource);
  const removeSource = useAppStore((s) => s.removeSource);
  const [setup, setSetup] = useState<{
    settings: FeedSettings;
    sources: FeedSource[];
    ingestUrl: string | null;
  } | null>(null);
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
        <AllowedOrigins
          origins={settings.allowedOrigins}
          onSave={(allowedOrigins) => void update({ allowedOrigins })}
        />
      </fieldset>
      <h3>Commands, log files and APIs</h3>
      <SourceList
        sessionId={sessionId}
        sources={setup.sources}
        locked={locked}
        onRemove={async (id) => (await removeSource(id), reload())}
      />
      <AddSourceForm
        tenant={tenant}
        locked={locked}
        onAdd={async (input) => {
          const result = await addSource(sessionId, input);
          if (result.ok) await reload();
          return result;
        }}
      />
    </section>
  );
}
