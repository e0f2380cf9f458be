import type { Db } from './db/database';
import { createDebriefRepo } from './debrief/repo';
import { createSignatureRepo } from './decision/signatureRepo';
import { createFeedRepo } from './feeds/store/repo';
import { createGoalRepo } from './goals/repo';
import { createLinkRepo } from './links/repo';
import { createAppliedOps } from './notes/appliedOps';
import { createNoteRepo } from './notes/repo';
import { createEventRepo } from './run/eventRepo';
import { createScreenshotRepo } from './screenshots/repo';
import { createParticipantRepo } from './participants/repo';
import { createPreflightRepo } from './preflight/repo';
import { createRoleRepo } from './roles/repo';
import { createSessionRepo } from './sessions/repo';

export function createRepos(db: Db) {
  return {
    sessions: createSessionRepo(db),
    roles: createRoleRepo(db),
    participants: createParticipantRepo(db),
    goals: createGoalRepo(db),
    events: createEventRepo(db),
    notes: createNoteRepo(db),
    appliedOps: createAppliedOps(db),
    screenshots: createScreenshotRepo(db),
    debrief: createDebriefRepo(db),
    feeds: createFeedRepo(db),
    preflight: createPreflightRepo(db),
    signatures: createSignatureRepo(db),
    links: createLinkRepo(db),
  };
}
export type Repos = ReturnType<typeof createRepos>;
