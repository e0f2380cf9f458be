import { z } from 'zod';
import { Id } from '../domain/common';
import { FeedSource, SourceInput, Tenancy } from '../domain/feeds';
import { method, Removed, SessionRef } from './common';

const SourceId = z.string().min(1).max(40);

/** The feed sources a session runs itself (commands, log files, APIs to poll). */
export const sourcesApi = {
  'sources.list': method(SessionRef, z.array(FeedSource)),
  /**
   * A command, a log file or an API to poll while the session runs (from this machine only, but
   * files). Credentials go to the host's keychain or 0600 file; no answer ever carries them.
   */
  'sources.add': method(z.object({ sessionId: Id, source: SourceInput }).strict(), FeedSource),
  'sources.remove': method(z.object({ id: SourceId }).strict(), Removed),
  'sources.setEnabled': method(
    z.object({ id: SourceId, enabled: z.boolean() }).strict(),
    FeedSource,
  ),
  /** Declare a command or file multi- or single-tenant (see Tenancy); an API source is refused. */
  'sources.setTenancy': method(z.object({ id: SourceId, tenancy: Tenancy }).strict(), FeedSource),
};
