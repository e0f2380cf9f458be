import { z } from 'zod';
import { Id } from '../domain/common';
import { Goal } from '../domain/goals';
import { Participant } from '../domain/participants';
import { Role } from '../domain/roles';
import {
  Session,
  SessionFields,
  SessionPatch,
  SessionStatus,
  SessionSummary,
} from '../domain/session';
import { method } from './common';

export const SessionDetail = z.object({
  session: Session,
  roles: z.array(Role),
  participants: z.array(Participant),
  goals: z.array(Goal),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

export const sessionsApi = {
  'sessions.list': method(
    z
      .object({
        query: z.string().max(200).default(''),
        status: z.union([SessionStatus, z.literal('any')]).default('any'),
        includeArchived: z.boolean().default(false),
      })
      .strict(),
    z.array(SessionSummary),
  ),
  'sessions.get': method(z.object({ id: Id }).strict(), SessionDetail),
  'sessions.create': method(
    SessionFields.partial().required({ title: true }).strict(),
    SessionDetail,
  ),
  'sessions.update': method(z.object({ id: Id, patch: SessionPatch.strict() }).strict(), Session),
  'sessions.duplicate': method(z.object({ id: Id }).strict(), SessionDetail),
  'sessions.archive': method(z.object({ id: Id, archived: z.boolean() }).strict(), Session),
  'sessions.delete': method(z.object({ id: Id }).strict(), z.object({ deleted: z.literal(true) })),

  /** A session wired to the demo tenant (npm run demo-tenant), with people and goals. */
  'sessions.createDemo': method(z.object({}).strict(), SessionDetail),
};
