import { useState } from 'react';
import {
  NOTE_WRITERS,
  SessionFields,
  TIMEBOX_PRESETS,
  type Session,
  type SessionPatch,
} from '../../../shared/domain/session';
import { Field } from '../../components/Field';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { useFieldDraft } from '../../components/useFieldDraft';

type TextKey = 'title' | 'charter' | 'feature' | 'flagKey' | 'tenantId' | 'environment' | 'release';
type NumberKey = 'timeboxMinutes' | 'rotationMinutes' | 'breakEvery' | 'votesPerParticipant';

function useSave() {
  const update = useAppStore((s) => s.updateSession);
  const [saved, setSaved] = useState(0);
  return {
    saved,
    /** Validate with the shared schema first; only a valid value goes to the host. */
    async save<K extends keyof SessionPatch>(key: K, value: unknown): Promise<string | undefined> {
      const parsed = SessionFields.shape[key].safeParse(value);
      if (!parsed.success) return parsed.error.issues[0]?.message;
      const result = await update({ [key]: parsed.data } as SessionPatch);
      if (!result.ok) return result.fields[key] ?? result.message;
      setSaved((n) => n + 1);
      return undefined;
    },
  };
}

function TextSetting({
  session,
  name,
  label,
  hint,
  multiline,
  save,
  placeholder,
}: {
  session: Session;
  name: TextKey;
  label: string;
  hint?: string;
  multiline?: boolean;
  placeholder?: string;
  save: ReturnType<typeof useSave>['save'];
}) {
  const f = useFieldDraft(session[name]);
  const commit = async () => {
    f.done();
    if (f.draft === session[name]) return;
    const error = await save(name, f.draft);
    f.setError(error);
  };
  return (
    <Field label={label} error={f.error} hint={hint} className={multiline ? 'wide' : undefined}>
      {(p) =>
        multiline ? (
          <textarea
            {...p}
            name={name}
            rows={3}
            value={f.draft}
            placeholder={placeholder}
            onChange={(e) => f.onChange(e.target.value)}
            onBlur={commit}
          />
        ) : (
          <input
            {...p}
            name={name}
            value={f.draft}
            placeholder={placeholder}
            onChange={(e) => f.onChange(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void commit();
              if (e.key === 'Escape') f.reset();
            }}
          />
        )
      }
    </Field>
  );
}

function NumberSetting({
  session,
  name,
  label,
  hint,
  save,
}: {
  session: Session;
  name: NumberKey;
  label: string;
  hint?: string;
  save: ReturnType<typeof useSave>['save'];
}) {
  const f = useFieldDraft(String(session[name]));
  const commit = async () => {
    f.done();
    if (f.draft === String(session[name])) return;
    const value = f.draft.trim() === '' ? undefined : Number(f.draft);
    f.setError(await save(name, value));
  };
  return (
    <Field label={label} error={f.error} hint={hint}>
      {(p) => (
        <input
          {...p}
          name={name}
          type="number"
          inputMode="numeric"
          value={f.draft}
          onChange={(e) => f.onChange(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && void commit()}
        />
      )}
    </Field>
  );
}

function TimeboxSetting({
  session,
  save,
}: {
  session: Session;
  save: ReturnType<typeof useSave>['save'];
}) {
  const isPreset = (TIMEBOX_PRESETS as readonly number[]).includes(session.timeboxMinutes);
  const [custom, setCustom] = useState(!isPreset);
  return (
    <div className="field-pair">
      <Field label="Time-box">
        {(p) => (
          <select
            {...p}
            name="timebox"
            value={custom ? 'custom' : String(session.timeboxMinutes)}
            onChange={(e) => {
              if (e.target.value === 'custom') return setCustom(true);
              setCustom(false);
              void save('timeboxMinutes', Number(e.target.value));
            }}
          >
            {TIMEBOX_PRESETS.map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        )}
      </Field>
      {custom && (
        <NumberSetting session={session} name="timeboxMinutes" label="Minutes" save={save} />
      )}
    </div>
  );
}

function ParticipantSelect({
  label,
  name,
  hint,
  value,
  error,
  onChange,
}: {
  label: string;
  name: string;
  hint?: string;
  value: string | null;
  error: string | undefined;
  onChange: (participantId: string | null) => void;
}) {
  const participants = useAppStore(selectParticipants);
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => (
        <select
          {...p}
          name={name}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value || null)}
        >
          <option value="">— nobody yet —</option>
          <ParticipantOptions participants={participants} />
        </select>
      )}
    </Field>
  );
}

export function SessionDetailsForm({ session }: { session: Session }) {
  const { save, saved } = useSave();
  const start = useFieldDraft(isoToLocalInput(session.plannedStart));
  const [selectErrors, setSelectErrors] = useState<Record<string, string | undefined>>({});
  const choose = async (
    key: 'facilitatorId' | 'productOwnerId' | 'noteWriters',
    value: unknown,
  ) => {
    const error = await save(key, value);
    setSelectErrors((e) => ({ ...e, [key]: error }));
  };

  return (
    <section className="card" aria-labelledby="details-title">
      <div className="card-header">
        <h2 id="details-title">Session</h2>
        <span className="saved" role="status" aria-live="polite">
          {saved > 0 ? 'All changes saved' : ''}
        </span>
      </div>
      <div className="form-grid">
        <TextSetting session={session} name="title" label="Title" save={save} />
        <TextSetting
          session={session}
          name="charter"
          label="Charter"
          multiline
          hint="What do we want to learn? Explore … with … to discover …"
          save={save}
        />
        <TextSetting session={session} name="feature" label="Feature under test" save={save} />
        <TextSetting
          session={session}
          name="flagKey"
          label="Feature flag key"
          placeholder="new-checkout"
          save={save}
        />
        <TextSetting
          session={session}
          name="tenantId"
          label="Tenant id"
          hint="The internal tenant the flag is on for"
          save={save}
        />
        <TextSetting session={session} name="environment" label="Environment" save={save} />
        <TextSetting session={session} name="release" label="Release / version" save={save} />
        <Field label="Planned start" error={start.error}>
          {(p) => (
            <input
              {...p}
              name="plannedStart"
              type="datetime-local"
              value={start.draft}
              onChange={(e) => start.onChange(e.target.value)}
              onBlur={async () => {
                start.done();
                if (start.draft === isoToLocalInput(session.plannedStart)) return;
                start.setError(await save('plannedStart', localInputToIso(start.draft)));
              }}
            />
          )}
        </Field>
        <TimeboxSetting session={session} save={save} />
        <NumberSetting
          session={session}
          name="rotationMinutes"
          label="Rotation every (minutes)"
          save={save}
        />
        <NumberSetting
          session={session}
          name="breakEvery"
          label="Break every (rotations)"
          hint="0 for no breaks"
          save={save}
        />
        <NumberSetting
          session={session}
          name="votesPerParticipant"
          label="Dots per person"
          save={save}
        />
        <ParticipantSelect
          label="Facilitator"
          name="facilitator"
          value={session.facilitatorId}
          error={selectErrors.facilitatorId}
          onChange={(id) => void choose('facilitatorId', id)}
        />
        <ParticipantSelect
          label="Product owner"
          name="productOwner"
          hint="Signs the rollout decision"
          value={session.productOwnerId}
          error={selectErrors.productOwnerId}
          onChange={(id) => void choose('productOwnerId', id)}
        />
        <Field label="Who writes notes" error={selectErrors.noteWriters}>
          {(p) => (
            <select
              {...p}
              name="noteWriters"
              value={session.noteWriters}
              onChange={(e) => void choose('noteWriters', e.target.value)}
            >
              {NOTE_WRITERS.map((w) => (
                <option key={w} value={w}>
                  {w === 'note-taker'
                    ? 'The note-taker'
                    : w === 'driver'
                      ? 'The driver'
                      : 'Everyone'}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </section>
  );
}
