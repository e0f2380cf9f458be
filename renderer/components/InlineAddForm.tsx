import { useState } from 'react';

/**
 * A one-line form that adds something by its name or title: the text stays until the add
 * succeeds (a refusal leaves it to correct). The caller shows why it was refused.
 */
export function InlineAddForm({
  label,
  placeholder,
  submitLabel,
  maxLength,
  noValidate,
  onAdd,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  maxLength?: number;
  /** The host validates (its message is clearer than the browser's). */
  noValidate?: boolean;
  /** Resolves to whether it was added. */
  onAdd: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  return (
    <form
      className="inline-form"
      noValidate={noValidate}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onAdd(text)) setText('');
      }}
    >
      <input
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={maxLength}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">{submitLabel}</button>
    </form>
  );
}
