import { useState } from 'react';
import { DEBRIEF_LABELS, type DebriefText } from '../../../shared/domain/debrief';
import type { ActionResult } from '../../store/types';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';

const HINTS: Record<keyof DebriefText, string> = {
  whatWeDid: 'The charter as it was explored',
  results: 'What we learned',
  obstacles: 'What got in the way',
  outlook: 'What happens next',
  feelings: 'Confident? Worried? In a few words',
};

/** The structured debrief: five short texts, each saved when it loses focus. */
export function DebriefTexts() {
  const text = useAppStore((s) => s.debrief?.text);
  const save = useAppStore((s) => s.updateDebriefText);
  const [result, setResult] = useState<ActionResult>({ ok: true });
  if (!text) return null;
  return (
    <section className="card debrief-texts" aria-labelledby="debrief-texts-title">
      <h2 id="debrief-texts-title">Debrief</h2>
      <div className="form-grid">
        {(Object.keys(DEBRIEF_LABELS) as Array<keyof DebriefText>).map((key) => (
          <Field
            key={key}
            label={DEBRIEF_LABELS[key]}
            className="wide"
            hint={HINTS[key]}
            error={result.ok ? undefined : result.fields[`text.${key}`]}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={5000}
                key={text[key]}
                defaultValue={text[key]}
                onBlur={async (e) =>
                  e.target.value !== text[key] && setResult(await save({ [key]: e.target.value }))
                }
              />
            )}
          </Field>
        ))}
      </div>
    </section>
  );
}
