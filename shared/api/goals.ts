import { z } from 'zod';
import { Id } from '../domain/common';
import { Goal, GoalFields, ImportFormat, ImportPreview } from '../domain/goals';
import { method, OrderedIds, Removed } from './common';

/** Large enough for any goal list a team keeps; an import is refused beyond it. */
export const MAX_IMPORT_CHARS = 2_000_000;

const ImportArgs = z.object({
  sessionId: Id,
  format: ImportFormat,
  text: z.string().max(MAX_IMPORT_CHARS, 'The file is larger than 2 MB'),
});

export const goalsApi = {
  'goals.add': method(
    GoalFields.extend({
      sessionId: Id,
      detail: GoalFields.shape.detail.default(''),
      priority: GoalFields.shape.priority.default('should'),
      owner: GoalFields.shape.owner.default(''),
    }).strict(),
    Goal,
  ),
  'goals.update': method(z.object({ id: Id, patch: GoalFields.partial().strict() }).strict(), Goal),
  'goals.remove': method(z.object({ id: Id }).strict(), Removed),
  'goals.reorder': method(
    z.object({ sessionId: Id, orderedIds: OrderedIds }).strict(),
    z.array(Goal),
  ),
  'goals.vote': method(
    z
      .object({
        goalId: Id,
        participantId: Id,
        delta: z.union([z.literal(1), z.literal(-1)], { error: 'delta must be 1 or -1' }),
      })
      .strict(),
    Goal,
  ),
  'goals.previewImport': method(ImportArgs.strict(), ImportPreview),
  'goals.import': method(
    ImportArgs.strict(),
    z.object({ imported: z.array(Goal), rejected: ImportPreview.shape.rejected }),
  ),
  'goals.exportCsv': method(
    z.object({ sessionId: Id }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
  ),
};
