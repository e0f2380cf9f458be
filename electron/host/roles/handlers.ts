import { ApiError } from '../../../shared/api/errors';
import type { HandlerMap } from '../context';
import { requireEditable } from '../sessions/guards';
import { writeTransaction } from '../db/write';

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32) || 'role';

/**
 * Replace a session's role list in one go: rename, add, remove and reorder. The driver and
 * the observer role always exist; observers come last (they hold everyone not rotating).
 */
export const roleHandlers: HandlerMap<'roles.set'> = {
  'roles.set': (args, host) => {
    const session = requireEditable(host.repos, args.sessionId);
    const current = host.repos.roles.list(args.sessionId);
    const byId = new Map(current.map((r) => [r.id, r]));

    const seenNames = new Map<string, number>();
    args.roles.forEach((r, i) => {
      if (r.id && !byId.has(r.id))
        throw ApiError.field(`roles.${i}.id`, 'Not a role of this session');
      const key = r.name.toLowerCase();
      if (seenNames.has(key))
        throw ApiError.field(`roles.${i}.name`, `Two roles are named "${r.name}"`);
      seenNames.set(key, i);
    });
    const keptIds = new Set(args.roles.map((r) => r.id).filter(Boolean));
    const keyOf = (i: number) => byId.get(args.roles[i]!.id ?? '')?.key;
    for (const required of ['driver', 'observer'] as const) {
      const role = current.find((r) => r.key === required);
      if (role && !keptIds.has(role.id)) {
        throw ApiError.field('roles', `The ${role.name} role cannot be removed`);
      }
    }
    if (keyOf(args.roles.length - 1) !== 'observer') {
      throw ApiError.field('roles', 'The observer role must come last');
    }
    const noteTaker = current.find((r) => r.key === 'note-taker');
    if (noteTaker && !keptIds.has(noteTaker.id) && session.noteWriters === 'note-taker') {
      throw ApiError.field(
        'roles',
        `Notes are written by the ${noteTaker.name}; choose the driver or everyone before removing that role`,
      );
    }

    writeTransaction(host.db, () => {
      for (const r of current) if (!keptIds.has(r.id)) host.repos.roles.remove(r.id);
      const keys = new Set(current.filter((r) => keptIds.has(r.id)).map((r) => r.key));
      args.roles.forEach((r, position) => {
        if (r.id) {
          host.repos.roles.update(r.id, r.name, position);
          return;
        }
        let key = slug(r.name);
        for (let n = 2; keys.has(key); n++) key = `${slug(r.name)}-${n}`;
        keys.add(key);
        host.repos.roles.insert(args.sessionId, key, r.name, position);
      });
      host.repos.sessions.touch(args.sessionId);
    });
    host.emit({
      event: 'sessions.changed',
      payload: { sessionId: args.sessionId, change: 'updated' },
    });
    return host.repos.roles.list(args.sessionId);
  },
};
