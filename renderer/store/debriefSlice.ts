import type { DebriefState, ExportFormat, ResultOf } from '../../shared/api/contract';
import type { DebriefText, FindingFields, Outcome } from '../../shared/domain/debrief';
import type {
  Decision,
  DecisionInput,
  Recommendation,
  RolloutSettings,
} from '../../shared/domain/decision';
import { toFailure } from './result';
import type { ActionResult, SliceCreator } from './types';

export type DebriefSlice = {
  debriefSessionId: string | null;
  debrief: DebriefState | null;
  metrics: ResultOf<'debrief.metrics'> | null;
  recommendation: Recommendation | null;
  decisions: Decision[];
  /** The session's error groups, to attach to findings as evidence. */
  debriefGroups: ResultOf<'feeds.groups'>;
  loadDebrief(sessionId: string): Promise<void>;
  /** Reload what the debrief and decide views show (after a change here or elsewhere). */
  refreshDebrief(): Promise<void>;
  createFinding(
    finding: Partial<FindingFields> & { title: string },
  ): Promise<ActionResult & { id?: string }>;
  updateFinding(id: string, patch: Partial<FindingFields>): Promise<ActionResult>;
  removeFinding(id: string): Promise<void>;
  mergeFindings(targetId: string, sourceIds: string[]): Promise<ActionResult>;
  setOutcome(goalId: string, outcome: Outcome | null, reason: string): Promise<ActionResult>;
  updateDebriefText(text: Partial<DebriefText>): Promise<ActionResult>;
  dismissNote(noteId: string, dismissed: boolean): Promise<void>;
  updateRollout(settings: RolloutSettings): Promise<ActionResult>;
  signDecision(decision: DecisionInput, amends: string | null): Promise<ActionResult>;
  /** Web mode: the one-time address of the printable report. */
  printableReport(pseudonymise: boolean): Promise<string | null>;
  exportSession(
    format: ExportFormat,
    pseudonymise: boolean,
  ): Promise<ResultOf<'exports.render'> | null>;
};

export const createDebriefSlice: SliceCreator<DebriefSlice> = (client) => (set, get) => {
  const sessionId = () => get().debriefSessionId;
  /** Run an action against the open session; its failure comes back for the form, and as a toast. */
  async function act<T>(
    run: (id: string) => Promise<T>,
    toastFailure = false,
  ): Promise<ActionResult & { value?: T }> {
    const id = sessionId();
    if (!id) return { ok: false, message: 'No session is open', fields: {} };
    try {
      const value = await run(id);
      await get().refreshDebrief();
      return { ok: true, value };
    } catch (error) {
      const failure = toFailure(error);
      if (toastFailure || Object.keys(failure.fields).length === 0)
        get().toast('error', failure.message);
      return failure;
    }
  }

  return {
    debriefSessionId: null,
    debrief: null,
    metrics: null,
    recommendation: null,
    decisions: [],
    debriefGroups: [],
    async loadDebrief(id) {
      if (get().debriefSessionId !== id)
        set({
          debriefSessionId: id,
          debrief: null,
          metrics: null,
          recommendation: null,
          decisions: [],
          debriefGroups: [],
        });
      await get().refreshDebrief();
    },
    async refreshDebrief() {
      const id = sessionId();
      if (!id) return;
      try {
        const [debrief, metrics, recommendation, decisions, debriefGroups] = await Promise.all([
          client.call('debrief.get', { sessionId: id }),
          client.call('debrief.metrics', { sessionId: id }),
          client.call('decision.recommend', { sessionId: id }),
          client.call('decision.history', { sessionId: id }),
          client.call('feeds.groups', { sessionId: id }),
        ]);
        if (sessionId() === id) set({ debrief, metrics, recommendation, decisions, debriefGroups });
      } catch (error) {
        get().toast('error', toFailure(error).message);
      }
    },
    async createFinding(finding) {
      const r = await act((id) => client.call('debrief.createFinding', { sessionId: id, finding }));
      return r.ok ? { ok: true, id: r.value!.id } : r;
    },
    updateFinding: (id, patch) => act(() => client.call('debrief.updateFinding', { id, patch })),
    async removeFinding(id) {
      await act(() => client.call('debrief.removeFinding', { id }), true);
    },
    mergeFindings: (targetId, sourceIds) =>
      act(() => client.call('debrief.mergeFindings', { targetId, sourceIds }), true),
    setOutcome: (goalId, outcome, reason) =>
      act((id) => client.call('debrief.setOutcome', { sessionId: id, goalId, outcome, reason })),
    updateDebriefText: (text) =>
      act((id) => client.call('debrief.updateText', { sessionId: id, text })),
    async dismissNote(noteId, dismissed) {
      await act(
        (id) => client.call('debrief.dismissNote', { sessionId: id, noteId, dismissed }),
        true,
      );
    },
    updateRollout: (settings) =>
      act((id) => client.call('decision.updateRollout', { sessionId: id, settings })),
    signDecision: (decision, amends) =>
      act((id) => client.call('decision.sign', { sessionId: id, decision, amends })),
    async printableReport(pseudonymise) {
      const id = sessionId();
      if (!id) return null;
      try {
        return (await client.call('exports.print', { sessionId: id, pseudonymise })).url;
      } catch (error) {
        get().toast('error', toFailure(error).message);
        return null;
      }
    },
    async exportSession(format, pseudonymise) {
      const id = sessionId();
      if (!id) return null;
      try {
        return await client.call('exports.render', { sessionId: id, format, pseudonymise });
      } catch (error) {
        get().toast('error', toFailure(error).message);
        return null;
      }
    },
  };
};
