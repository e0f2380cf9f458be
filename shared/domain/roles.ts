import { z } from 'zod';
import { Id, requiredText } from './common';

/** Built-in role keys; renaming a role changes its name, never its key. */
export const BUILTIN_ROLE_KEYS = ['driver', 'navigator', 'note-taker', 'observer'] as const;
export const RoleKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Role key must be lower-case letters, digits and dashes');

export const Role = z.object({
  id: Id,
  key: RoleKey,
  name: requiredText('Role name', 40),
  /** Rotating roles pass along the roster each turn; the observer role holds everyone else. */
  rotates: z.boolean(),
});
export type Role = z.infer<typeof Role>;

/** One row of a roles edit: an existing role (id) or a new one (no id). */
export const RoleInput = z.object({
  id: Id.optional(),
  name: requiredText('Role name', 40),
});
export type RoleInput = z.infer<typeof RoleInput>;

export const DEFAULT_ROLES: ReadonlyArray<{ key: string; name: string }> = [
  { key: 'driver', name: 'Driver' },
  { key: 'navigator', name: 'Navigator' },
  { key: 'note-taker', name: 'Note-taker' },
  { key: 'observer', name: 'Observers' },
];
