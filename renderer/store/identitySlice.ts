import { CAPABILITIES, type Capability, type Me } from '../../shared/domain/links';
import { createActions } from './action';
import type { AppState, SliceCreator } from './types';

/** The host's own app: the desktop app, or a page with the host's token. */
export const HOST_IDENTITY: Me = { kind: 'host', capabilities: [...CAPABILITIES] };

/**
 * Who this page is. The host's own app knows at once; a personal link's page asks the host
 * (links.me) and asks again whenever its session changes, since who facilitates or signs may
 * change. Until it knows, it may do nothing.
 */
export type IdentitySlice = {
  identity: Me | null;
  loadIdentity(): Promise<void>;
};

export const createIdentitySlice =
  (personal: boolean): SliceCreator<IdentitySlice> =>
  (client) =>
  (set, get) => {
    const { act } = createActions(get);
    return {
      identity: personal ? null : HOST_IDENTITY,
      async loadIdentity() {
        if (!personal) return;
        await act(() => client.call('links.me', {}), {
          report: 'quiet',
          apply: (identity) => set({ identity }),
        });
      },
    };
  };

/** Whether this page may do what takes `capability` (false while a personal page loads). */
export const selectCan = (capability: Capability) => (s: Pick<AppState, 'identity'>) =>
  s.identity?.capabilities.includes(capability) ?? false;

/** The participant a personal link's page is; null for the host's own app. */
export const selectPerson = (s: Pick<AppState, 'identity'>) =>
  s.identity?.kind === 'person' ? s.identity : null;
