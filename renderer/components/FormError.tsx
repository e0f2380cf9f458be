/** Why something was refused, announced to screen readers as it appears; nothing when it was not. */
export function FormError({ message, wide }: { message: string | undefined; wide?: boolean }) {
  if (!message) return null;
  return (
    <p className={wide ? 'field-error wide' : 'field-error'} role="alert">
      {message}
    </p>
  );
}
