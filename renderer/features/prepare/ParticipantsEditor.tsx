import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  FUNCTION_LABELS,
  FUNCTIONS,
  type Participant,
  type ParticipantFunction,
} from '../../../shared/domain/participants';
import { Field } from '../../components/Field';
import { SortableList } from '../../components/SortableList';
import { useAppStore } from '../../store';
import { selectParticipants, selectSession } from '../../store/openSessionSlice';
import { InlineText } from '../../components/InlineText';
import { fieldError } from '../../store/fieldError';

export function ParticipantsEditor() {
  const participants = useAppStore(selectParticipants);
  const move = useAppStore((s) => s.moveParticipant);
  return (
    <section className="card" aria-labelledby="participants-title">
      <div className="card-header">
        <h2 id="participants-title">Participants</h2>
        <span className="count">{participants.length}</span>
      </div>
      <p className="card-hint">The order is the rotation roster: the first person drives first.</p>
      <AddParticipantForm />
      {participants.length > 0 && (
        <SortableList
          items={participants}
          label="Roster"
          onMove={(id, to) => void move(id, to)}
          renderItem={(p, index, handle) => (
            <ParticipantRow participant={p} index={index} handle={handle} />
          )}
        />
      )}
    </section>
  );
}

function AddParticipantForm() {
  const add = useAppStore((s) => s.addParticipant);
  const [name, setName] = useState('');
  const [fn, setFn] = useState<ParticipantFunction>('engineering');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = { name, function: fn, email };
    // Cleared at once: the next person can be typed while this one is added, and is kept.
    setName('');
    setEmail('');
    const result = await add(sent);
    if (!result.ok) {
      // What was refused comes back to be corrected, unless something new was typed meanwhile.
      setName((now) => (now === '' ? sent.name : now));
      setEmail((now) => (now === '' ? sent.email : now));
      return setErrors(result.fields);
    }
    setErrors({});
    nameRef.current?.focus();
  };
  return (
    <form className="add-form" onSubmit={submit} noValidate aria-label="Add participant">
      <Field label="Name" error={errors.name}>
        {(p) => (
          <input
            {...p}
            ref={nameRef}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label="Function" error={errors.function}>
        {(p) => (
          <select {...p} value={fn} onChange={(e) => setFn(e.target.value as ParticipantFunction)}>
            {FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {FUNCTION_LABELS[f]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Email (optional)" error={errors.email}>
        {(p) => (
          <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="primary">
        Add participant
      </button>
    </form>
  );
}

function ParticipantRow({
  participant,
  index,
  handle,
}: {
  participant: Participant;
  index: number;
  handle: ReactNode;
}) {
  const session = useAppStore(selectSession)!;
  const update = useAppStore((s) => s.updateParticipant);
  const remove = useAppStore((s) => s.removeParticipant);
  const save = (key: 'name' | 'email') => async (value: string) =>
    fieldError(await update(participant.id, { [key]: value }), key);
  const duties = [
    session.facilitatorId === participant.id && 'Facilitator',
    session.productOwnerId === participant.id && 'Product owner',
  ].filter(Boolean);
  return (
    <div className="participant-row" aria-label={participant.name}>
      {handle}
      <span className="position" aria-hidden>
        {index + 1}
      </span>
      <InlineText label="Name" value={participant.name} maxLength={100} onSave={save('name')} />
      <select
        aria-label="Function"
        value={participant.function}
        onChange={(e) =>
          void update(participant.id, { function: e.target.value as ParticipantFunction })
        }
      >
        {FUNCTIONS.map((f) => (
          <option key={f} value={f}>
            {FUNCTION_LABELS[f]}
          </option>
        ))}
      </select>
      <InlineText
        label="Email"
        type="email"
        placeholder="email (optional)"
        value={participant.email}
        onSave={save('email')}
      />
      <span className="duties">
        {duties.map((d) => (
          <span key={String(d)} className="badge">
            {d}
          </span>
        ))}
      </span>
      <button
        type="button"
        className="ghost"
        aria-label={`Remove ${participant.name}`}
        onClick={() => void remove(participant.id)}
      >
        Remove
      </button>
    </div>
  );
}
