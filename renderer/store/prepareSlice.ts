import type { SessionDetail } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Goal, GoalFields, ImportFormat, ImportPreview } from '../../shared/domain/goals';
import { totalDots } from '../../shared/domain/goals';
import type { ParticipantFields } from '../../shared/domain/participants';
import type { RoleInput } from '../../shared/domain/roles';
import type { SessionPatch } from '../../shared/domain/session';
import { toFailure } from './result';
import type { ActionResult, SliceCreator } from './types';

export type PrepareSlice = {
  detail: SessionDetail | null;
  detailState: 'idle' | 'loading' | 'ready' | 'not-found';
  loadSession(id: string): Promise<void>;
  refreshSession(): Promise<void>;
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
  const sessionId = () => get().detail?.session.id;
  const patchDetail = (patch: Partial<SessionDetail>) => {
    const detail = get().detail;
    if (detail) set({ detail: { ...detail, ...patch } });
  };
  const fail = (error: unknown) => {
    const failure = toFailure(error);
    get().toast('error', failure.message);
    return failure;
  };
  /** For form actions: field errors stay with the form, other errors become a toast too. */
  const formFailure = (error: unknown): ActionResult => {
    const failure = toFailure(error);
    if (Object.keys(failure.fields).length === 0) get().toast('error', failure.message);
    return failure;
  };
  const replaceGoal = (goal: Goal) => patchDetail({ goals: upsert(get().detail!.goals, [goal]) });

  return {
    detail: null,
    detailState: 'idle',

    async loadSession(id) {
      if (get().detail?.session.id !== id) set({ detail: null, detailState: 'loading' });
      try {
        const detail = await client.call('sessions.get', { id });
        set({ detail, detailState: 'ready' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found')
          set({ detail: null, detailState: 'not-found' });
        else fail(error);
      }
    },

    async refreshSession() {
      const id = sessionId();
      if (id) await get().loadSession(id);
    },

    async updateSession(patch) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        const session = await client.call('sessions.update', { id, patch });
        patchDetail({ session });
        return { ok: true };
      } catch (error) {
        return formFailure(error);
      }
    },

    async setRoles(roles) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        patchDetail({ roles: await client.call('roles.set', { sessionId: id, roles }) });
        return { ok: true };
      } catch (error) {
        return fail(error);
      }
    },

    async addParticipant(fields) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        const participant = await client.call('participants.add', { ...fields, sessionId: id });
        patchDetail({ participants: upsert(get().detail!.participants, [participant]) });
        if (!get().votingAs) get().setVotingAs(participant.id);
        return { ok: true };
      } catch (error) {
        return formFailure(error);
      }
    },

    async updateParticipant(id, patch) {
      try {
        const participant = await client.call('participants.update', { id, patch });
        patchDetail({
          participants: get().detail!.participants.map((p) => (p.id === id ? participant : p)),
        });
        return { ok: true };
      } catch (error) {
        return formFailure(error);
      }
    },

    async removeParticipant(id) {
      try {
        await client.call('participants.remove', { id });
        if (get().votingAs === id) get().setVotingAs(null);
        await get().refreshSession(); // votes and facilitator/product-owner marks change too
      } catch (error) {
        fail(error);
      }
    },

    async moveParticipant(id, toIndex) {
      const detail = get().detail;
      if (!detail) return;
      const from = detail.participants.findIndex((p) => p.id === id);
      if (from < 0 || from === toIndex || toIndex < 0 || toIndex >= detail.participants.length)
        return;
      const before = detail.participants;
      const optimistic = move(before, from, toIndex);
      patchDetail({ participants: optimistic }); // the list moves at once; the host confirms
      try {
        const participants = await client.call('participants.reorder', {
          sessionId: detail.session.id,
          orderedIds: optimistic.map((p) => p.id),
        });
        patchDetail({ participants });
      } catch (error) {
        patchDetail({ participants: before });
        fail(error);
      }
    },

    async addGoal(fields) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        const goal = await client.call('goals.add', { ...fields, sessionId: id });
        patchDetail({ goals: upsert(get().detail!.goals, [goal]) });
        return { ok: true };
      } catch (error) {
        return formFailure(error);
      }
    },

    async updateGoal(id, patch) {
      try {
        replaceGoal(await client.call('goals.update', { id, patch }));
        return { ok: true };
      } catch (error) {
        return formFailure(error);
      }
    },

    async removeGoal(id) {
      try {
        await client.call('goals.remove', { id });
        patchDetail({ goals: get().detail!.goals.filter((g) => g.id !== id) });
      } catch (error) {
        fail(error);
      }
    },

    async moveGoal(id, toIndex) {
      const detail = get().detail;
      if (!detail) return;
      const from = detail.goals.findIndex((g) => g.id === id);
      if (from < 0 || from === toIndex || toIndex < 0 || toIndex >= detail.goals.length) return;
      const before = detail.goals;
      const optimistic = move(before, from, toIndex);
      patchDetail({ goals: optimistic });
      try {
        const goals = await client.call('goals.reorder', {
          sessionId: detail.session.id,
          orderedIds: optimistic.map((g) => g.id),
        });
        patchDetail({ goals });
      } catch (error) {
        patchDetail({ goals: before });
        fail(error);
      }
    },

    async vote(goalId, participantId, delta) {
      try {
        replaceGoal(await client.call('goals.vote', { goalId, participantId, delta }));
      } catch (error) {
        fail(error);
      }
    },

    async previewImport(format, text) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        return await client.call('goals.previewImport', { sessionId: id, format, text });
      } catch (error) {
        return toFailure(error);
      }
    },

    async importGoals(format, text) {
      const id = sessionId();
      if (!id) return { ok: false, message: 'No session open', fields: {} };
      try {
        const result = await client.call('goals.import', { sessionId: id, format, text });
        patchDetail({ goals: upsert(get().detail!.goals, result.imported) });
        return { ok: true, count: result.imported.length };
      } catch (error) {
        return toFailure(error);
      }
    },

    async exportGoalsCsv() {
      const id = sessionId();
      if (!id) return null;
      try {
        return await client.call('goals.exportCsv', { sessionId: id });
      } catch (error) {
        fail(error);
        return null;
      }
    },
  };
};

export const selectDetail = (s: PrepareSlice) => s.detail;
export const selectSession = (s: PrepareSlice) => s.detail?.session ?? null;
export const selectParticipants = (s: PrepareSlice) => s.detail?.participants ?? EMPTY;
export const selectGoals = (s: PrepareSlice) => s.detail?.goals ?? EMPTY;
export const selectRoles = (s: PrepareSlice) => s.detail?.roles ?? EMPTY;
const EMPTY: never[] = [];

/** Dots a participant has left to place in this session. */
export function selectDotsLeft(s: PrepareSlice, participantId: string | null): number {
  if (!s.detail || !participantId) return 0;
  const used = s.detail.goals.reduce(
    (sum, g) => sum + (g.votes.find((v) => v.participantId === participantId)?.dots ?? 0),
    0,
  );
  return s.detail.session.votesPerParticipant - used;
}

export const selectTotalDots = (s: PrepareSlice) =>
  (s.detail?.goals ?? []).reduce((sum, g) => sum + totalDots(g), 0);
