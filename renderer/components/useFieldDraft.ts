import { useEffect, useRef, useState } from 'react';

/**
 * Local text for one saved value: follows the stored value (another window may change it)
 * except while the user is editing, so a refresh never eats what they are typing.
 */
export function useFieldDraft(stored: string) {
  const [draft, setDraft] = useState(stored);
  const editing = useRef(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!editing.current) setDraft(stored);
  }, [stored]);
  return {
    draft,
    error,
    setError,
    onChange: (value: string) => {
      editing.current = true;
      setDraft(value);
      setError(undefined);
    },
    done: () => {
      editing.current = false;
    },
    reset: () => {
      editing.current = false;
      setDraft(stored);
      setError(undefined);
    },
  };
}
