import { coalesce } from './coalesce';
import type { DebriefState, ExportFormat, ResultOf } from '../../shared/api/contract';
import type { TrackerFindings } from '../../shared/api/exports';
import type { DebriefText, FindingFields, Outcome } from '../../shared/domain/debrief';
import type {
  Decision,
  DecisionInput,
  Recommendation,
  RolloutSettings,
} from '../../shared/domain/decision';
import { createActions, settled, type Report } from './action';
import type { ActionResult, DataOf, SliceCreator } from './types';

/** The open session's debrief and decision: findings, outcomes, metrics, the recommendation. */
export type DebriefSlice = {
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
    findings?: TrackerFindings,
  ): Promise<ResultOf<'exports.render'> | null>;
};

/** The debrief of a session just opened: nothing loaded yet. */
export const FRESH_DEBRIEF: DataOf<DebriefSlice> = {
  debrief: null,
  metrics: null,
  recommendation: null,
  decisions: [],
  debriefGroups: [],
};

export const createDebriefSlice: SliceCreator<DebriefSlice> = (client) => (set, get) => {
  const { actOnSession } = createActions(get);
  /** A change to the open session's debrief; what the views show is loaded again after it. */
  async function change<T>(call: (sessionId: string) => Promise<T>, report: Report = 'form') {
    const done = await actOnSession(call, { report });
    if (done.ok) await get().refreshDebrief();
    return done;
  }

  return {
    ...FRESH_DEBRIEF,
    async loadDebrief(id) {
      get().openSession(id);
      await get().refreshDebrief();
    },
    // One at a time (see coalesce): a late answer never brings back an older debrief.
    refreshDebrief: coalesce(async () => {
      await actOnSession(
        (sessionId) =>
          Promise.all([
            client.call('debrief.get', { sessionId }),
            client.call('debrief.metrics', { sessionId }),
            client.call('decision.recommend', { sessionId }),
            client.call('decision.history', { sessionId }),
            client.call('feeds.groups', { sessionId }),
          ]),
        {
          apply: ([debrief, metrics, recommendation, decisions, debriefGroups]) =>
            set({ debrief, metrics, recommendation, decisions, debriefGroups }),
        },
      );
    }),
    async createFinding(finding) {
      const done = await change((sessionId) =>
        client.call('debrief.createFinding', { sessionId, finding }),
      );
      return done.ok ? { ok: true, id: done.value.id } : done;
    },
    updateFinding: async (id, patch) =>
      settled(await change(() => client.call('debrief.updateFinding', { id, patch }))),
    async removeFinding(id) {
      await change(() => client.call('debrief.removeFinding', { id }), 'toast');
    },
    mergeFindings: async (targetId, sourceIds) =>
      settled(
        await change(() => client.call('debrief.mergeFindings', { targetId, sourceIds }), 'toast'),
      ),
    setOutcome: async (goalId, outcome, reason) =>
      settled(
        await change((sessionId) =>
          client.call('debrief.setOutcome', { sessionId, goalId, outcome, reason }),
        ),
      ),
    updateDebriefText: async (text) =>
      settled(await change((sessionId) => client.call('debrief.updateText', { sessionId, text }))),
    async dismissNote(noteId, dismissed) {
      await change(
        (sessionId) => client.call('debrief.dismissNote', { sessionId, noteId, dismissed }),
        'toast',
      );
    },
    updateRollout: async (settings) =>
      settled(
        await change((sessionId) => client.call('decision.updateRollout', { sessionId, settings })),
      ),
    signDecision: async (decision, amends) =>
      settled(
        await change((sessionId) => client.call('decision.sign', { sessionId, decision, amends })),
      ),
    async printableReport(pseudonymise) {
      const done = await actOnSession((sessionId) =>
        client.call('exports.print', { sessionId, pseudonymise }),
      );
      return done.ok ? done.value.url : null;
    },
    async exportSession(format, pseudonymise, findings = 'current') {
      const done = await actOnSession((sessionId) =>
        client.call('exports.render', { sessionId, format, pseudonymise, findings }),
      );
      return done.ok ? done.value : null;
    },
  };
};

// Stable empty lists, so a component reading before the debrief has loaded does not re-render.
const NONE: never[] = [];
export const selectFindings = (s: DebriefSlice) => s.debrief?.findings ?? NONE;
export const selectDebriefNotes = (s: DebriefSlice) => s.debrief?.notes ?? NONE;
export const selectUntriaged = (s: DebriefSlice) => s.debrief?.untriaged ?? NONE;
export const selectOutcomes = (s: DebriefSlice) => s.debrief?.outcomes ?? NONE;
export const selectStages = (s: DebriefSlice) => s.debrief?.rollout.stages ?? NONE;
