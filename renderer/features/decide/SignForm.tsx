import { useState, type FormEvent } from 'react';
import { ACTION_LABELS, ACTIONS, type Action } from '../../../shared/domain/decision';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { selectDetail } from '../../store/openSessionSlice';
import type { ActionResult } from '../../store/types';
import { FormError } from '../../components/FormError';
import { formError } from '../../store/fieldError';

/** The product owner's decision: signed once, then only amended (a new version). */
export function SignForm({ ended }: { ended: boolean }) {
  const rec = useAppStore((s) => s.recommendation);
  const rollout = useAppStore((s) => s.debrief?.rollout);
  const latest = useAppStore((s) => s.decisions.at(-1));
  const detail = useAppStore(selectDetail);
  const sign = useAppStore((s) => s.signDecision);
  const owner = detail?.participants.find((p) => p.id === detail.session.productOwnerId);
  // The form starts from the recommendation and follows it (it may load or change after the
  // form appears) until the product owner picks an action.
  const [picked, setPicked] = useState<Action | null>(null);
  const [toStage, setToStage] = useState<string>('');
  const [rationale, setRationale] = useState('');
  const [conditions, setConditions] = useState('');
  const [name, setName] = useState(owner?.name ?? '');
  const [result, setResult] = useState<ActionResult>({ ok: true });
  const [amending, setAmending] = useState(false);
  if (!rec || !rollout) return null;
  if (!ended)
    return (
      <section className="card sign" aria-labelledby="sign-title">
        <h2 id="sign-title">Decision</h2>
        <p className="card-hint">
          The product owner signs the decision once the session has ended.
        </p>
      </section>
    );
  if (latest && !amending)
    return (
      <section className="card sign" aria-labelledby="sign-title">
        <h2 id="sign-title">Decision</h2>
        <p role="status">
          Signed: version {latest.version}. A signed decision cannot be changed; an amendment
          records a new version and keeps this one.
        </p>
        <button type="button" onClick={() => setAmending(true)}>
          Amend the decision
        </button>
      </section>
    );
  // Missing evidence is never a reason to widen: an inconclusive recommendation starts at hold.
  const suggested: Action = rec.verdict === 'inconclusive' ? 'hold' : rec.action;
  const action = picked ?? suggested;
  const from = rollout.stages.findIndex((s) => s.key === rollout.currentStage);
  const choices =
    action === 'promote'
      ? rollout.stages.slice(from + 1)
      : action === 'rollback'
        ? rollout.stages.slice(0, Math.max(from, 0))
        : [];
  const fromRecommendation = picked === null && choices.some((s) => s.key === rec.toStage);
  const chosen =
    action === 'hold'
      ? null
      : toStage || (fromRecommendation ? rec.toStage : null) || choices[0]?.key || null;
  const disagrees = action !== rec.action || chosen !== rec.toStage;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await sign(
      {
        action,
        toStage: chosen,
        rationale,
        conditions: conditions
          .split('\n')
          .map((c) => c.trim())
          .filter(Boolean),
        approverName: name,
        approverId: owner ? owner.id : null,
      },
      latest?.id ?? null,
    );
    setResult(r);
    if (r.ok) setAmending(false);
  };
  /** A field's message, also for list items (decision.conditions.1 → Conditions). */
  const err = (key: string) => {
    if (result.ok) return undefined;
    const hit = Object.entries(result.fields).find(
      ([path]) => path === `decision.${key}` || path.startsWith(`decision.${key}.`),
    );
    return hit?.[1];
  };
  return (
    <section className="card sign" aria-labelledby="sign-title">
      <h2 id="sign-title">{latest ? `Amend version ${latest.version}` : 'Decision'}</h2>
      <form aria-label="Sign the decision" onSubmit={submit} className="form-grid">
        <Field label="Decision" error={err('action')}>
          {(p) => (
            <select
              {...p}
              value={action}
              onChange={(e) => {
                setPicked(e.target.value as Action);
                setToStage('');
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {ACTION_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {action !== 'hold' && (
          <Field label="To stage" error={err('toStage')}>
            {(p) => (
              <select {...p} value={chosen ?? ''} onChange={(e) => setToStage(e.target.value)}>
                {choices.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Rationale" className="wide" error={err('rationale')}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Conditions"
          className="wide"
          hint="One per line, e.g. Fix F-3 before 10 %"
          error={err('conditions')}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={conditions}
              onChange={(e) => setConditions(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Signed by"
          error={err('approverName') ?? err('approverId')}
          hint={owner ? `${owner.name} signs as the session’s product owner` : 'The product owner'}
        >
          {(p) => (
            <input
              {...p}
              value={name}
              readOnly={!!owner}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        {disagrees && (
          <p className="disagree wide" role="note">
            This differs from the recommendation ({ACTION_LABELS[rec.action]}
            {rec.toStage ? ` to ${rec.toStage}` : ''}); the disagreement is recorded with the
            decision.
          </p>
        )}
        <div className="wide form-actions">
          <button type="submit">{latest ? 'Sign the amendment' : 'Sign the decision'}</button>
          {latest && (
            <button type="button" className="ghost" onClick={() => setAmending(false)}>
              Cancel
            </button>
          )}
        </div>
        <FormError message={formError(result)} wide />
      </form>
    </section>
  );
}
