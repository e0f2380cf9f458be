import type { SessionDetail } from '../../shared/api/contract';
import type { Goal, GoalFields, ImportFormat, ImportPreview } from '../../shared/domain/goals';
import { totalDots } from '../../shared/domain/goals';
import type { ParticipantFields } from '../../shared/domain/participants';
import type { RoleInput } from '../../shared/domain/roles';
import type { SessionPatch } from '../../shared/domain/session';
import { createActions, settled } from './action';
import type { OpenSessionSlice } from './openSessionSlice';
import type { ActionResult, SliceCreator } from './types';

/** Editing the open session before it runs: its fields, roles, people and goals. */
export type PrepareSlice = {
  updateSession(patch: SessionPatch): Promise<ActionResult>;
  setRoles(roles: RoleInput[]): Promise<ActionResult>;
  addParticipant(fields: ParticipantFields): Promise<ActionResult>;
  updateParticipant(id: string, patch: Partial<ParticipantFields>): Promise<ActionResult>;
  removeParticipant(id: string): Promise<void>;
  moveParticipant(id: string, toIndex: number): Promise<void>;
  addGoal(fields: Partial<GoalFields> & { title: string }): Promise<ActionResult>;
  updateGoal(id: string, patch: Partial<GoalFields>): Promise<ActionResult>;
  removeGoal(id: string): Promise<void>;
  moveGoal(id: string, toIndex: number): Promise<void>;
  vote(goalId: string, participantId: string, delta: 1 | -1): Promise<void>;
  previewImport(format: ImportFormat, text: string): Promise<ImportPreview | ActionResult>;
  importGoals(format: ImportFormat, text: string): Promise<ActionResult & { count?: number }>;
  exportGoalsCsv(): Promise<{ filename: string; csv: string } | null>;
};

/** Add or replace by id: a refresh triggered by the host's own event may have added it already. */
export const upsert = <T extends { id: string }>(list: readonly T[], items: readonly T[]): T[] => {
  const byId = new Map(items.map((i) => [i.id, i]));
  const kept = list.map((i) => byId.get(i.id) ?? i);
  const known = new Set(list.map((i) => i.id));
  return [...kept, ...items.filter((i) => !known.has(i.id))];
};

export const move = <T>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item!);
  return next;
};

export const createPrepareSlice: SliceCreator<PrepareSlice> = (client) => (set, get) => {
  const { actOnSession } = createActions(get);
  const patchDetail = (patch: Partial<SessionDetail>) => {
    const detail = get().detail;
    if (detail) set({ detail: { ...detail, ...patch } });
  };
  const replaceGoal = (goal: Goal) => patchDetail({ goals: upsert(get().detail!.goals, [goal]) });
  /** The list moves at once; the host confirms the order, or it goes back as it was. */
  async function reorder<K extends 'participants' | 'goals'>(
    key: K,
    id: string,
    toIndex: number,
    call: (sessionId: string, orderedIds: string[]) => Promise<SessionDetail[K]>,
  ) {
    const before = get().detail?.[key];
    if (!before) return;
    const from = before.findIndex((item) => item.id === id);
    if (from < 0 || from === toIndex || toIndex < 0 || toIndex >= before.length) return;
    const optimistic = move<SessionDetail[K][number]>(before, from, toIndex);
    patchDetail({ [key]: optimistic });
    await actOnSession(
      (sessionId) =>
        call(
          sessionId,
          optimistic.map((item) => item.id),
        ),
      {
        apply: (confirmed) => patchDetail({ [key]: confirmed }),
        failed: () => patchDetail({ [key]: before }),
      },
    );
  }

  return {
    async updateSession(patch) {
      return settled(
        await actOnSession((id) => client.call('sessions.update', { id, patch }), {
          report: 'form',
          apply: (session) => patchDetail({ session }),
        }),
      );
    },

    async setRoles(roles) {
      return settled(
        await actOnSession((sessionId) => client.call('roles.set', { sessionId, roles }), {
          apply: (saved) => patchDetail({ roles: saved }),
        }),
      );
    },

    async addParticipant(fields) {
      return settled(
        await actOnSession(
          (sessionId) => client.call('participants.add', { ...fields, sessionId }),
          {
            report: 'form',
            apply: (participant) => {
              patchDetail({ participants: upsert(get().detail!.participants, [participant]) });
              if (!get().votingAs) get().setVotingAs(participant.id);
            },
          },
        ),
      );
    },

    async updateParticipant(id, patch) {
      return settled(
        await actOnSession(() => client.call('participants.update', { id, patch }), {
          report: 'form',
          apply: (participant) =>
            patchDetail({
              participants: get().detail!.participants.map((p) => (p.id === id ? participant : p)),
            }),
        }),
      );
    },

    async removeParticipant(id) {
      const done = await actOnSession(() => client.call('participants.remove', { id }), {
        apply: () => {
          if (get().votingAs === id) get().setVotingAs(null);
        },
      });
      // Votes and the facilitator and product-owner marks change with it.
      if (done.ok) await get().refreshSession();
    },

    moveParticipant: (id, toIndex) =>
      reorder('participants', id, toIndex, (sessionId, orderedIds) =>
        client.call('participants.reorder', { sessionId, orderedIds }),
      ),

    async addGoal(fields) {
      return settled(
        await actOnSession((sessionId) => client.call('goals.add', { ...fields, sessionId }), {
          report: 'form',
          apply: replaceGoal,
        }),
      );
    },

    async updateGoal(id, patch) {
      return settled(
        await actOnSession(() => client.call('goals.update', { id, patch }), {
          report: 'form',
          apply: replaceGoal,
        }),
      );
    },

    async removeGoal(id) {
      await actOnSession(() => client.call('goals.remove', { id }), {
        apply: () => patchDetail({ goals: get().detail!.goals.filter((g) => g.id !== id) }),
      });
    },

    moveGoal: (id, toIndex) =>
      reorder('goals', id, toIndex, (sessionId, orderedIds) =>
        client.call('goals.reorder', { sessionId, orderedIds }),
      ),

    async vote(goalId, participantId, delta) {
      await actOnSession(() => client.call('goals.vote', { goalId, participantId, delta }), {
        apply: replaceGoal,
      });
    },

    async previewImport(format, text) {
      const done = await actOnSession(
        (sessionId) => client.call('goals.previewImport', { sessionId, format, text }),
        { report: 'quiet' },
      );
      return done.ok ? done.value : done;
    },

    async importGoals(format, text) {
      const done = await actOnSession(
        (sessionId) => client.call('goals.import', { sessionId, format, text }),
        {
          report: 'quiet',
          apply: ({ imported }) => patchDetail({ goals: upsert(get().detail!.goals, imported) }),
        },
      );
      return done.ok ? { ok: true, count: done.value.imported.length } : done;
    },

    async exportGoalsCsv() {
      const done = await actOnSession((sessionId) => client.call('goals.exportCsv', { sessionId }));
      return done.ok ? done.value : null;
    },
  };
};

/** Dots a participant has left to place in this session. */
export function selectDotsLeft(s: OpenSessionSlice, participantId: string | null): number {
  if (!s.detail || !participantId) return 0;
  const used = s.detail.goals.reduce(
    (sum, g) => sum + (g.votes.find((v) => v.participantId === participantId)?.dots ?? 0),
    0,
  );
  return s.detail.session.votesPerParticipant - used;
}

export const selectTotalDots = (s: OpenSessionSlice) =>
  (s.detail?.goals ?? []).reduce((sum, g) => sum + totalDots(g), 0);
