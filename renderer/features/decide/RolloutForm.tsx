import { useState } from 'react';
import {
  FLAG_PROVIDERS,
  type RolloutSettings,
  type Thresholds,
} from '../../../shared/domain/decision';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import type { ActionResult } from '../../store/types';
import { FormError } from '../../components/FormError';
import { formError } from '../../store/fieldError';

const THRESHOLD_FIELDS: Array<{ key: keyof Thresholds; label: string; step: number }> = [
  { key: 'newGroupMinEvents', label: 'New error group fails at (events)', step: 1 },
  { key: 'errorRateFactor', label: 'Error rate limit (× baseline)', step: 0.5 },
  { key: 'passScore', label: 'Pass at score', step: 1 },
  { key: 'marginalScore', label: 'Marginal at score', step: 1 },
  { key: 'minRunningMinutes', label: 'Minimum running time (minutes)', step: 1 },
];

/** Where the flag stands, the stages it goes through, and the thresholds the checks use. */
export function RolloutForm() {
  const rollout = useAppStore((s) => s.debrief?.rollout);
  const session = useAppStore(selectSession);
  const signed = useAppStore((s) => s.decisions.length > 0);
  const update = useAppStore((s) => s.updateRollout);
  const updateSession = useAppStore((s) => s.updateSession);
  const [result, setResult] = useState<ActionResult>({ ok: true });
  const [scope, setScope] = useState<ActionResult>({ ok: true });
  if (!rollout || !session) return null;
  const save = async (patch: Partial<RolloutSettings>) =>
    setResult(await update({ ...rollout, ...patch }));
  const error = (key: string) =>
    result.ok ? undefined : (result.fields[`settings.${key}`] ?? undefined);
  return (
    <section className="card rollout" aria-labelledby="rollout-title">
      <h2 id="rollout-title">Rollout</h2>
      <p className="card-hint">Stages: {rollout.stages.map((s) => s.label).join(' → ')}.</p>
      <div className="form-grid">
        {(['flagKey', 'release'] as const).map((key) => (
          <Field
            key={key}
            label={key === 'flagKey' ? 'Flag key' : 'Release'}
            error={scope.ok ? undefined : scope.fields[key]}
          >
            {(p) => (
              <input
                {...p}
                disabled={signed}
                key={session[key]}
                defaultValue={session[key]}
                placeholder={key === 'flagKey' ? 'new-checkout' : '2026.11.2'}
                onBlur={async (e) =>
                  e.target.value !== session[key] &&
                  setScope(await updateSession({ [key]: e.target.value }))
                }
              />
            )}
          </Field>
        ))}
        <Field label="Flag system" error={error('provider')}>
          {(p) => (
            <select
              {...p}
              value={rollout.provider}
              onChange={(e) =>
                void save({ provider: e.target.value as RolloutSettings['provider'] })
              }
            >
              {FLAG_PROVIDERS.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="The flag reaches now" error={error('currentStage')}>
          {(p) => (
            <select
              {...p}
              value={rollout.currentStage}
              onChange={(e) => void save({ currentStage: e.target.value })}
            >
              {rollout.stages.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {THRESHOLD_FIELDS.map((t) => (
          <Field key={t.key} label={t.label} error={error(`thresholds.${t.key}`)}>
            {(p) => (
              <input
                {...p}
                type="number"
                step={t.step}
                key={rollout.thresholds[t.key]}
                defaultValue={rollout.thresholds[t.key]}
                onBlur={(e) =>
                  Number(e.target.value) !== rollout.thresholds[t.key] &&
                  void save({
                    thresholds: { ...rollout.thresholds, [t.key]: Number(e.target.value) },
                  })
                }
              />
            )}
          </Field>
        ))}
      </div>
      <FormError message={formError(result)} />
    </section>
  );
}
