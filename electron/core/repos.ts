import type { Db } from './db/database';
import { createGoalRepo } from './goals/repo';
import { createParticipantRepo } from './participants/repo';
import { createRoleRepo } from './roles/repo';
import { createSessionRepo } from './sessions/repo';

export function createRepos(db: Db) {
  return {
    sessions: createSessionRepo(db),
    roles: createRoleRepo(db),
    participants: createParticipantRepo(db),
    goals: createGoalRepo(db),
  };
}
export type Repos = ReturnType<typeof createRepos>;
