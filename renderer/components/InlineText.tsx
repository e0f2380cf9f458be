import { useFieldDraft } from './useFieldDraft';

/**
 * A text input in a list row that saves on blur or Enter, reverts on Escape, and shows the
 * host's message under itself when the save is refused.
 */
export function InlineText({
  label,
  value,
  onSave,
  className,
  type = 'text',
  placeholder,
  list,
  maxLength,
}: {
  label: string;
  value: string;
  /** Resolves to an error message, or undefined once saved. */
  onSave: (value: string) => Promise<string | undefined>;
  className?: string;
  type?: 'text' | 'email';
  placeholder?: string;
  list?: string;
  maxLength?: number;
}) {
  const f = useFieldDraft(value);
  const commit = async () => {
    f.done();
    if (f.draft === value) return;
    f.setError(await onSave(f.draft));
  };
  return (
    <div className={`cell ${className ?? ''}`}>
      <input
        aria-label={label}
        type={type}
        value={f.draft}
        placeholder={placeholder}
        list={list}
        maxLength={maxLength}
        aria-invalid={!!f.error}
        onChange={(e) => f.onChange(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit();
          if (e.key === 'Escape') f.reset();
        }}
      />
      {f.error && <span className="field-error">{f.error}</span>}
    </div>
  );
}
