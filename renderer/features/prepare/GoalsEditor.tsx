import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  PRIORITIES,
  totalDots,
  type Goal,
  type ImportFormat,
  type Priority,
} from '../../../shared/domain/goals';
import { Field } from '../../components/Field';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { SortableList } from '../../components/SortableList';
import { downloadText } from '../../lib/format';
import { useAppStore } from '../../store';
import { selectDotsLeft } from '../../store/prepareSlice';
import { selectGoals, selectParticipants } from '../../store/openSessionSlice';
import { ImportDialog } from './ImportDialog';
import { InlineText } from '../../components/InlineText';
import { useFieldDraft } from '../../components/useFieldDraft';
import { fieldError } from '../../store/fieldError';

const formatOf = (filename: string): ImportFormat =>
  /\.csv$/i.test(filename) ? 'csv' : 'markdown';

/** The priority picker's options, for a new goal and for each goal's row. */
const priorityOptions = PRIORITIES.map((x) => (
  <option key={x} value={x}>
    {x}
  </option>
));

export function GoalsEditor() {
  const goals = useAppStore(selectGoals);
  const participants = useAppStore(selectParticipants);
  const move = useAppStore((s) => s.moveGoal);
  const exportCsv = useAppStore((s) => s.exportGoalsCsv);
  const votingAs = useAppStore((s) => s.votingAs);
  const setVotingAs = useAppStore((s) => s.setVotingAs);
  const dotsLeft = useAppStore((s) => selectDotsLeft(s, votingAs));
  const fileInput = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState<{
    format: ImportFormat;
    text: string;
    name: string;
  } | null>(null);
  const voter = participants.find((p) => p.id === votingAs) ?? null;

  return (
    <section className="card goals-card" aria-labelledby="goals-title">
      <div className="card-header">
        <h2 id="goals-title">Goals</h2>
        <span className="count">{goals.length}</span>
        <div className="card-actions">
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import CSV or Markdown…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".csv,.md,.markdown,.txt,text/csv,text/markdown,text/plain"
            aria-label="Goals file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file)
                setImporting({
                  format: formatOf(file.name),
                  text: await file.text(),
                  name: file.name,
                });
            }}
          />
          <button
            type="button"
            disabled={goals.length === 0}
            onClick={async () => {
              const result = await exportCsv();
              if (result) downloadText(result.filename, result.csv, 'text/csv;charset=utf-8');
            }}
          >
            Export CSV
          </button>
        </div>
      </div>
      <p className="card-hint">
        Everyone’s goals, in priority order: drag, or Alt+↑/↓. Each person places dots on the goals
        they care about most.
      </p>
      <AddGoalForm />
      {participants.length > 0 && (
        <div className="voting-bar">
          <label>
            Voting as{' '}
            <select
              aria-label="Voting as"
              value={votingAs ?? ''}
              onChange={(e) => setVotingAs(e.target.value || null)}
            >
              <option value="">— choose —</option>
              <ParticipantOptions participants={participants} />
            </select>
          </label>
          {voter && (
            <span className="dots-left" role="status">
              {voter.name} has {dotsLeft} {dotsLeft === 1 ? 'dot' : 'dots'} left
            </span>
          )}
        </div>
      )}
      {goals.length > 0 && (
        <SortableList
          items={goals}
          label="Goals"
          onMove={(id, to) => void move(id, to)}
          renderItem={(g, index, handle) => (
            <GoalRow goal={g} index={index} handle={handle} voterId={voter?.id ?? null} />
          )}
        />
      )}
      {importing && <ImportDialog {...importing} onClose={() => setImporting(null)} />}
    </section>
  );
}

function AddGoalForm() {
  const add = useAppStore((s) => s.addGoal);
  const participants = useAppStore(selectParticipants);
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<Priority>('should');
  const [owner, setOwner] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const titleRef = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = title;
    // Cleared at once: the next goal can be typed while this one is added, and is kept.
    setTitle('');
    const result = await add({ title: sent, priority, owner });
    if (!result.ok) {
      setTitle((now) => (now === '' ? sent : now));
      return setErrors(result.fields);
    }
    setErrors({});
    titleRef.current?.focus();
  };
  return (
    <form className="add-form" onSubmit={submit} noValidate aria-label="Add goal">
      <Field label="Goal" error={errors.title} className="grow">
        {(p) => (
          <input
            {...p}
            ref={titleRef}
            value={title}
            maxLength={300}
            placeholder="What should we find out?"
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>
      <Field label="Priority" error={errors.priority}>
        {(p) => (
          <select {...p} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {priorityOptions}
          </select>
        )}
      </Field>
      <Field label="Owner" error={errors.owner}>
        {(p) => (
          <>
            <input
              {...p}
              list="participant-names"
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
            />
            <datalist id="participant-names">
              {participants.map((x) => (
                <option key={x.id} value={x.name} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <button type="submit" className="primary">
        Add goal
      </button>
    </form>
  );
}

function GoalRow({
  goal,
  index,
  handle,
  voterId,
}: {
  goal: Goal;
  index: number;
  handle: ReactNode;
  voterId: string | null;
}) {
  const update = useAppStore((s) => s.updateGoal);
  const remove = useAppStore((s) => s.removeGoal);
  const vote = useAppStore((s) => s.vote);
  const detail = useFieldDraft(goal.detail);
  const [open, setOpen] = useState(false);
  const mine = goal.votes.find((v) => v.participantId === voterId)?.dots ?? 0;
  const total = totalDots(goal);
  const save = (key: 'title' | 'owner' | 'detail') => async (value: string) =>
    fieldError(await update(goal.id, { [key]: value }), key);
  return (
    <div className={`goal-row priority-${goal.priority}`} aria-label={goal.title}>
      {handle}
      <span className="position" aria-hidden>
        {index + 1}
      </span>
      <select
        aria-label="Priority"
        className={`priority priority-${goal.priority}`}
        value={goal.priority}
        onChange={(e) => void update(goal.id, { priority: e.target.value as Priority })}
      >
        {priorityOptions}
      </select>
      <InlineText
        label="Goal"
        className="grow"
        value={goal.title}
        maxLength={300}
        onSave={save('title')}
      />
      <InlineText
        label="Owner"
        className="owner"
        placeholder="owner"
        list="participant-names"
        value={goal.owner}
        onSave={save('owner')}
      />
      <span className="votes" aria-label={`${total} ${total === 1 ? 'dot' : 'dots'}`}>
        <span className="dot-count">{'●'.repeat(Math.min(total, 8))}</span> {total}
      </span>
      {voterId && (
        <span className="vote-buttons">
          <button
            type="button"
            aria-label={`Take a dot back from ${goal.title}`}
            disabled={mine === 0}
            onClick={() => void vote(goal.id, voterId, -1)}
          >
            −
          </button>
          <span className="mine" aria-label="My dots">
            {mine}
          </span>
          <button
            type="button"
            aria-label={`Add a dot to ${goal.title}`}
            onClick={() => void vote(goal.id, voterId, 1)}
          >
            +
          </button>
        </span>
      )}
      <button type="button" className="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Less' : 'Detail'}
      </button>
      <button
        type="button"
        className="ghost"
        aria-label={`Remove goal ${goal.title}`}
        onClick={() => void remove(goal.id)}
      >
        Remove
      </button>
      {open && (
        <textarea
          className="goal-detail"
          aria-label="Detail"
          rows={3}
          value={detail.draft}
          onChange={(e) => detail.onChange(e.target.value)}
          onBlur={async () => {
            detail.done();
            if (detail.draft !== goal.detail) detail.setError(await save('detail')(detail.draft));
          }}
        />
      )}
    </div>
  );
}
