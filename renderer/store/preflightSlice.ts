import type { ArgsOf } from '../../shared/api/contract';
import type { PreflightState } from '../../shared/domain/preflight';
import { createActions, settled } from './action';
import type { ActionResult, SliceCreator } from './types';

type Changing =
  | 'preflight.run'
  | 'preflight.setSettings'
  | 'preflight.setChecklist'
  | 'preflight.tick'
  | 'preflight.override';

/** The open session's pre-flight (Prepare): its checks, flag system, guardrails and override. */
export type PreflightSlice = {
  preflight: PreflightState | null;
  loadPreflight(): Promise<void>;
  /** One pre-flight change; the answer is the new state. */
  changePreflight<M extends Changing>(
    method: M,
    args: Omit<ArgsOf<M>, 'sessionId'>,
  ): Promise<ActionResult>;
};

export const createPreflightSlice: SliceCreator<PreflightSlice> = (client) => (set, get) => {
  const { actOnSession } = createActions(get);
  const apply = (preflight: PreflightState) => set({ preflight });
  return {
    preflight: null,
    async loadPreflight() {
      await actOnSession((sessionId) => client.call('preflight.get', { sessionId }), { apply });
    },
    async changePreflight(method, args) {
      return settled(
        await actOnSession(
          (sessionId) =>
            client.call(method, { ...args, sessionId } as ArgsOf<
              typeof method
            >) as Promise<PreflightState>,
          { apply, report: 'form' },
        ),
      );
    },
  };
};
