import { useState } from 'react';
import {
  evidenceKey,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  FINDING_TYPES,
  findingRef,
  SEVERITIES,
  type Finding,
  type FindingFields,
} from '../../../shared/domain/debrief';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { selectDebriefNotes, selectFindings } from '../../store/debriefSlice';
import { selectGoals, selectParticipants } from '../../store/openSessionSlice';
import { fieldError, formError } from '../../store/fieldError';
import type { ActionResult } from '../../store/types';
import { FormError } from '../../components/FormError';

/** The findings, each editable in place; several can be merged into one. */
export function Findings() {
  const findings = useAppStore(selectFindings);
  const create = useAppStore((s) => s.createFinding);
  const merge = useAppStore((s) => s.mergeFindings);
  const [selected, setSelected] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string>();
  const toggle = (id: string, on: boolean) =>
    setSelected(on ? [...selected, id] : selected.filter((s) => s !== id));
  const [target, ...sources] = findings.filter((f) => selected.includes(f.id));

  return (
    <section className="card findings" aria-labelledby="findings-title">
      <div className="card-header">
        <h2 id="findings-title">Findings</h2>
        <div className="card-actions">
          <button
            type="button"
            disabled={!target || sources.length === 0}
            onClick={async () => {
              if (!target) return;
              const r = await merge(
                target.id,
                sources.map((s) => s.id),
              );
              if (r.ok) setSelected([]);
            }}
          >
            {target && sources.length > 0
              ? `Merge ${sources.map(findingRef).join(', ')} into ${findingRef(target)}`
              : 'Merge selected'}
          </button>
        </div>
      </div>
      {findings.length === 0 && (
        <p className="card-hint">No findings yet: promote notes in Triage, or add one here.</p>
      )}
      <ul className="finding-list" aria-label="Findings">
        {findings.map((f) => (
          <FindingCard
            key={f.id}
            finding={f}
            selected={selected.includes(f.id)}
            onSelect={(on) => toggle(f.id, on)}
          />
        ))}
      </ul>
      <form
        className="add-form"
        aria-label="Add a finding"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await create({ title });
          setError(fieldError(r, 'finding.title'));
          if (r.ok) setTitle('');
        }}
      >
        <Field label="New finding" className="grow" error={error}>
          {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <button type="submit">Add finding</button>
      </form>
    </section>
  );
}

function FindingCard({
  finding: f,
  selected,
  onSelect,
}: {
  finding: Finding;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const update = useAppStore((s) => s.updateFinding);
  const remove = useAppStore((s) => s.removeFinding);
  const goals = useAppStore(selectGoals);
  const people = useAppStore(selectParticipants);
  const notes = useAppStore(selectDebriefNotes);
  const groups = useAppStore((s) => s.debriefGroups);
  const [result, setResult] = useState<ActionResult>({ ok: true });
  /** Only this field's message: other failures show once, below the card. */
  const cardError = (r: ActionResult, key: string) => (r.ok ? undefined : r.fields[key]);
  const save = async (patch: Partial<FindingFields>) => setResult(await update(f.id, patch));
  const ref = findingRef(f);
  const select = <K extends keyof FindingFields>(
    key: K,
    label: string,
    options: ReadonlyArray<{ value: string; label: string }>,
    nullable = false,
  ) => (
    <Field label={label} error={cardError(result, key)}>
      {(p) => (
        <select
          {...p}
          value={(f[key] as string | null) ?? ''}
          onChange={(e) =>
            void save({ [key]: nullable && e.target.value === '' ? null : e.target.value })
          }
        >
          {nullable && <option value="">—</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const linked = notes.filter((n) => f.noteIds.includes(n.id));

  return (
    <li
      id={`finding-${f.id}`}
      className={`finding severity-${f.severity}`}
      aria-label={`${ref} ${f.title}`}
    >
      <div className="finding-head">
        <input
          type="checkbox"
          aria-label={`Select ${ref}`}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
        <strong>{ref}</strong>
        <span className={`badge severity-${f.severity}`}>{f.severity}</span>
        <span className="badge">{FINDING_STATUS_LABELS[f.status]}</span>
        <button
          type="button"
          className="ghost"
          aria-label={`Delete ${ref}`}
          onClick={() => {
            if (window.confirm(`Delete ${ref} “${f.title}”? Its notes return to triage.`))
              void remove(f.id);
          }}
        >
          Delete
        </button>
      </div>
      <div className="form-grid">
        <Field label="Title" className="wide" error={cardError(result, 'title')}>
          {(p) => (
            <input
              {...p}
              key={f.title}
              defaultValue={f.title}
              onBlur={(e) => e.target.value !== f.title && void save({ title: e.target.value })}
            />
          )}
        </Field>
        <Field label="Description" className="wide" error={cardError(result, 'description')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              key={f.description}
              defaultValue={f.description}
              onBlur={(e) =>
                e.target.value !== f.description && void save({ description: e.target.value })
              }
            />
          )}
        </Field>
        {select(
          'type',
          'Type',
          FINDING_TYPES.map((t) => ({ value: t, label: t })),
        )}
        {select(
          'severity',
          'Severity',
          SEVERITIES.map((t) => ({ value: t, label: t })),
        )}
        {select(
          'status',
          'Status',
          FINDING_STATUSES.map((t) => ({ value: t, label: FINDING_STATUS_LABELS[t] })),
        )}
        {select(
          'goalId',
          'Goal',
          goals.map((g) => ({ value: g.id, label: g.title })),
          true,
        )}
        {select(
          'ownerId',
          'Owner',
          people.map((p) => ({ value: p.id, label: p.name })),
          true,
        )}
      </div>
      <FormError message={formError(result)} />
      <ul className="evidence-list" aria-label={`Evidence of ${ref}`}>
        {linked.map((n) => (
          <li key={n.id}>
            <span className={`badge type-${n.type}`}>note</span> {n.text}{' '}
            <button
              type="button"
              className="ghost"
              aria-label={`Take the note “${n.text.slice(0, 40)}” off ${ref}`}
              onClick={() => void save({ noteIds: f.noteIds.filter((id) => id !== n.id) })}
            >
              ×
            </button>
          </li>
        ))}
        {f.evidence.map((e) => {
          const key = evidenceKey(e);
          return (
            <li key={key}>
              <span className="badge">{e.kind === 'group' ? 'error group' : e.kind}</span>{' '}
              {e.summary}{' '}
              <button
                type="button"
                className="ghost"
                aria-label={`Take “${e.summary.slice(0, 40)}” off ${ref}`}
                onClick={() =>
                  void save({ evidence: f.evidence.filter((x) => evidenceKey(x) !== key) })
                }
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {groups.length > 0 && (
        <select
          aria-label={`Add an error group to ${ref}`}
          value=""
          onChange={(e) => {
            const g = groups.find((x) => x.groupKey === e.target.value);
            if (g)
              void save({
                evidence: [
                  ...f.evidence,
                  {
                    kind: 'group',
                    groupKey: g.groupKey,
                    summary: `${g.type}: ${g.sample}`.slice(0, 300),
                  },
                ],
              });
          }}
        >
          <option value="">Add an error group as evidence…</option>
          {groups
            .filter((g) => !f.evidence.some((x) => x.kind === 'group' && x.groupKey === g.groupKey))
            .map((g) => (
              <option key={g.groupKey} value={g.groupKey}>
                {g.isNew ? 'NEW ' : ''}
                {g.type}: {g.sample.slice(0, 80)} ({g.count})
              </option>
            ))}
        </select>
      )}
    </li>
  );
}
