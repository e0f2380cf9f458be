import { useState } from 'react';
import { FeedSettings } from '../../../shared/domain/feeds';
import { Field } from '../../components/Field';

const parseLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * Browser origins whose pages may send events to the ingest port (a browser exporter of the
 * product under test): every other page is refused. One exact origin per line.
 */
export function AllowedOrigins({
  origins,
  onSave,
}: {
  origins: string[];
  onSave: (origins: string[]) => void;
}) {
  const [error, setError] = useState<string | undefined>();
  return (
    <Field
      label="Browser origins allowed to send (one per line)"
      className="wide"
      error={error}
      hint="Pages on any other origin cannot write to the feeds. SDKs and collectors (no browser) are not affected."
    >
      {(p) => (
        <textarea
          {...p}
          rows={2}
          placeholder="https://app.example.com"
          defaultValue={origins.join('\n')}
          onBlur={(e) => {
            const lines = parseLines(e.target.value);
            const checked = FeedSettings.shape.allowedOrigins.safeParse(lines);
            if (!checked.success) return setError(checked.error.issues[0]?.message);
            setError(undefined);
            if (checked.data.join('\n') !== origins.join('\n')) onSave(checked.data);
          }}
        />
      )}
    </Field>
  );
}
