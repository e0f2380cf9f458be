import type { IssuedLink, LinksOverview } from '../../shared/api/links';
import type { ShareRequest, Sharing } from '../../shared/domain/links';
import { createActions, settled } from './action';
import type { ActionResult, SliceCreator } from './types';

/** The facilitator's People and links panel: links, join requests, a link just issued. */
export type LinksSlice = {
  links: LinksOverview | null;
  /** The link just issued, shown once (only its hash is kept by the host). */
  issued: (IssuedLink & { participantId: string }) | null;
  loadLinks(): Promise<void>;
  issueLink(participantId: string): Promise<ActionResult>;
  revokeLink(linkId: string): Promise<ActionResult>;
  admitRequest(requestId: string): Promise<ActionResult>;
  refuseRequest(requestId: string): Promise<ActionResult>;
  forgetIssued(): void;
  /** Whether and where links are served (host-wide, not per session). */
  sharing: Sharing | null;
  /** The state a change under way is moving to (its switches show it and wait); null: none. */
  sharingTo: Sharing['state'] | null;
  loadSharing(): Promise<void>;
  share(request: ShareRequest): Promise<ActionResult>;
  /** Sharing changed (links.sharingChanged, from any window): links get their new address. */
  receiveSharing(sharing: Sharing): void;
};

export const FRESH_LINKS = { links: null, issued: null } as const;

export const createLinksSlice: SliceCreator<LinksSlice> = (client) => (set, get) => {
  const { act, actOnSession } = createActions(get);
  const reload = () => void get().loadLinks();
  return {
    ...FRESH_LINKS,
    sharing: null,
    sharingTo: null,
    async loadSharing() {
      await act(() => client.call('links.sharing', {}), {
        report: 'quiet',
        apply: (sharing) => set({ sharing }),
      });
    },
    async share(request) {
      set({ sharingTo: 'off' in request ? 'off' : request.network ? 'network' : 'loopback' });
      const done = await act(() => client.call('links.share', request), {
        apply: (sharing) => set({ sharing }),
      });
      set({ sharingTo: null });
      if (!done.ok) void get().loadSharing(); // a failed start may have stopped what ran
      if (get().links) reload();
      return settled(done);
    },
    receiveSharing(sharing) {
      set({ sharing });
      if (get().links) reload();
    },
    async loadLinks() {
      await actOnSession((sessionId) => client.call('links.list', { sessionId }), {
        report: 'quiet',
        apply: (links) => set({ links }),
      });
    },
    async issueLink(participantId) {
      const done = await actOnSession(
        (sessionId) => client.call('links.issue', { sessionId, participantId }),
        { apply: (issued) => set({ issued: { ...issued, participantId } }) },
      );
      reload();
      return settled(done);
    },
    async revokeLink(linkId) {
      const done = await actOnSession((sessionId) =>
        client.call('links.revoke', { sessionId, linkId }),
      );
      if (done.ok && get().issued?.link.id === linkId) set({ issued: null });
      reload();
      return settled(done);
    },
    async admitRequest(requestId) {
      const done = await actOnSession((sessionId) =>
        client.call('links.admit', { sessionId, requestId }),
      );
      reload();
      return settled(done);
    },
    async refuseRequest(requestId) {
      const done = await actOnSession((sessionId) =>
        client.call('links.refuse', { sessionId, requestId }),
      );
      reload();
      return settled(done);
    },
    forgetIssued() {
      set({ issued: null });
    },
  };
};
