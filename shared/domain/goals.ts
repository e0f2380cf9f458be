import { z } from 'zod';
import { Id, IsoDateTime, optionalText, requiredText } from './common';
import { GoalStatus } from './run';

export const PRIORITIES = ['must', 'should', 'could'] as const;
export const Priority = z.enum(PRIORITIES, { error: 'Priority must be must, should or could' });
export type Priority = z.infer<typeof Priority>;

export const GoalFields = z.object({
  title: requiredText('Goal', 300),
  detail: optionalText('Detail', 5000),
  priority: Priority,
  owner: optionalText('Owner', 100),
});
export type GoalFields = z.infer<typeof GoalFields>;

export const GoalVote = z.object({ participantId: Id, dots: z.number().int().positive() });
export type GoalVote = z.infer<typeof GoalVote>;

export const Goal = GoalFields.extend({
  id: Id,
  sessionId: Id,
  votes: z.array(GoalVote),
  status: GoalStatus,
  /** Added while the session ran, not during Prepare. */
  addedDuringSession: z.boolean(),
  createdAt: IsoDateTime,
});
export type Goal = z.infer<typeof Goal>;

export const totalDots = (goal: Pick<Goal, 'votes'>): number =>
  goal.votes.reduce((sum, v) => sum + v.dots, 0);

export const IMPORT_FORMATS = ['csv', 'markdown'] as const;
export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** What an import would do, row by row, before anything is written. */
export const ImportPreview = z.object({
  format: ImportFormat,
  accepted: z.array(GoalFields.extend({ line: z.number().int() })),
  rejected: z.array(z.object({ line: z.number().int(), text: z.string(), reason: z.string() })),
  ignoredColumns: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
