/**
 * The SET list of an UPDATE that writes only the fields a patch gives (a field left undefined
 * stays as it is), and the named values it binds (`@field`); null when the patch changes
 * nothing. The repository that owns the table writes the statement around it.
 */
export function patchAssignments<T extends object>(
  patch: Partial<T>,
  column: (field: keyof T & string) => string = (field) => field,
  toValue: (value: unknown) => unknown = (value) => value,
): { sets: string; values: Record<string, unknown> } | null {
  const entries = (Object.entries(patch) as Array<[keyof T & string, unknown]>).filter(
    ([, value]) => value !== undefined,
  );
  if (entries.length === 0) return null;
  return {
    // Quoted: a field may be named like an SQL keyword (a participant's "function").
    sets: entries.map(([field]) => `"${column(field)}" = @${field}`).join(', '),
    values: Object.fromEntries(entries.map(([field, value]) => [field, toValue(value)])),
  };
}
