import { z } from 'zod';
import { Id } from '../domain/common';
import { Role, RoleInput } from '../domain/roles';
import { method } from './common';

export const rolesApi = {
  'roles.set': method(
    z.object({ sessionId: Id, roles: z.array(RoleInput).min(2).max(12) }).strict(),
    z.array(Role),
  ),
};
