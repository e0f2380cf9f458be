import { z } from 'zod';
import { Id } from './common';
import { noteTextProblem } from './noteRules';
import { GoalStatus } from './run';

export const NOTE_TYPES = ['observation', 'bug', 'question', 'idea', 'risk', 'good'] as const;
export const NoteType = z.enum(NOTE_TYPES, {
  error: `Note type must be one of: ${NOTE_TYPES.join(', ')}`,
});
export type NoteType = z.infer<typeof NoteType>;

/** Order of Ctrl/Cmd+1…6 and of the type picker. */
export const NOTE_TYPE_INFO: Record<NoteType, { label: string; prefix: string; key: string }> = {
  observation: { label: 'Observation', prefix: 'obs', key: '1' },
  bug: { label: 'Bug', prefix: 'bug', key: '2' },
  question: { label: 'Question', prefix: 'q', key: '3' },
  idea: { label: 'Idea', prefix: 'idea', key: '4' },
  risk: { label: 'Risk', prefix: 'risk', key: '5' },
  good: { label: 'Good', prefix: 'good', key: '6' },
};

const PREFIXES: Record<string, NoteType> = {
  obs: 'observation',
  observation: 'observation',
  bug: 'bug',
  q: 'question',
  question: 'question',
  idea: 'idea',
  risk: 'risk',
  good: 'good',
};

/** `bug: checkout hangs #payment #p1` → type bug, text "checkout hangs #payment #p1", tags. */
export function parseNoteInput(
  input: string,
  fallback: NoteType,
): { type: NoteType; text: string; tags: string[] } {
  const m = /^\s*([a-z]+)\s*:\s*/i.exec(input);
  const prefixed = m ? PREFIXES[m[1]!.toLowerCase()] : undefined;
  const text = (prefixed ? input.slice(m![0].length) : input).trim();
  return { type: prefixed ?? fallback, text, tags: parseTags(text) };
}

export function parseTags(text: string): string[] {
  const tags = new Set<string>();
  for (const m of text.matchAll(/(^|\s)#([\p{L}\p{N}_-]{1,40})/gu)) tags.add(m[2]!.toLowerCase());
  return [...tags];
}

const NoteText = z
  .string()
  .trim()
  .superRefine((t, ctx) => {
    const problem = noteTextProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const Tags = z.array(z.string().min(1).max(40)).max(20);
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a screenshot hash');

/** A log event or an error group pinned to a note as evidence. */
export const Evidence = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    eventId: z.number().int().positive(),
    summary: z.string().max(300),
  }),
  z.object({
    kind: z.literal('group'),
    groupKey: z.string().min(1).max(300),
    summary: z.string().max(300),
  }),
]);
export type Evidence = z.infer<typeof Evidence>;
const EvidenceList = z.array(Evidence).max(20);

export const NoteRoles = z.array(
  z.object({ roleKey: z.string(), participantId: z.string().nullable() }),
);

export const Note = z.object({
  id: Id,
  sessionId: Id,
  type: NoteType,
  text: z.string(),
  tags: z.array(z.string()),
  authorId: z.string().nullable(),
  goalId: z.string().nullable(),
  roles: NoteRoles,
  at: z.number().int(),
  elapsedMs: z.number().int(),
  screenshot: z.string().nullable(),
  evidence: z.array(Evidence),
  version: z.number().int(),
  deletedAt: z.number().int().nullable(),
  updatedAt: z.number().int(),
});
export type Note = z.infer<typeof Note>;

export const NoteRevision = z.object({
  version: z.number().int(),
  type: NoteType,
  text: z.string(),
  tags: z.array(z.string()),
  goalId: z.string().nullable(),
  deleted: z.boolean(),
  editedAt: z.number().int(),
  editedBy: z.string().nullable(),
});
export type NoteRevision = z.infer<typeof NoteRevision>;

/**
 * What the renderer's outbox sends. Each op has its own id: replaying an op the host already
 * applied changes nothing and answers "duplicate".
 */
export const Op = z.discriminatedUnion('kind', [
  z.object({
    opId: Id,
    kind: z.literal('note.create'),
    at: z.number().int().positive(),
    note: z.object({
      id: Id,
      type: NoteType,
      text: NoteText,
      tags: Tags,
      authorId: Id,
      goalId: Id.nullable(),
      screenshot: Hash.nullable().default(null),
      evidence: EvidenceList.default([]),
      /** When the writer began typing it: the note carries the roles of that moment. */
      startedAt: z.number().int().positive().optional(),
    }),
  }),
  z.object({
    opId: Id,
    kind: z.literal('note.edit'),
    at: z.number().int().positive(),
    editorId: Id.nullable(),
    noteId: Id,
    patch: z.object({
      type: NoteType.optional(),
      text: NoteText.optional(),
      tags: Tags.optional(),
      goalId: Id.nullable().optional(),
      evidence: EvidenceList.optional(),
    }),
  }),
  z.object({
    opId: Id,
    kind: z.literal('note.delete'),
    at: z.number().int().positive(),
    editorId: Id.nullable(),
    noteId: Id,
  }),
  /** Undoes a delete (the "Undo" after deleting); a note that is not deleted stays as it is. */
  z.object({
    opId: Id,
    kind: z.literal('note.restore'),
    at: z.number().int().positive(),
    editorId: Id.nullable(),
    noteId: Id,
  }),
  z.object({
    opId: Id,
    kind: z.literal('goal.status'),
    at: z.number().int().positive(),
    actorId: Id.nullable(),
    goalId: Id,
    status: GoalStatus,
  }),
]);
export type Op = z.infer<typeof Op>;
export type OpInput = z.input<typeof Op>;

export const OpResult = z.object({
  opId: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: z.string().optional(),
});
export type OpResult = z.infer<typeof OpResult>;

/**
 * Who is finishing a note after their turn as note-taker ended (the grace), as the host knows
 * it now: kept in memory only, told to every page of the session. `version` only grows, so a
 * page keeps the newest of answers and events that arrive in any order.
 */
export const Presence = z.object({
  version: z.number().int().nonnegative(),
  finishing: z
    .array(
      z.object({
        participantId: Id,
        /** Host time the grace ends (two minutes after their turn ended). */
        until: z.number().int(),
      }),
    )
    .max(100),
});
export type Presence = z.infer<typeof Presence>;
