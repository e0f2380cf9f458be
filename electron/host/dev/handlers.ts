import { ApiError } from '../../../shared/api/errors';
import type { HandlerMap } from '../context';

export const devHandlers: HandlerMap<'dev.advanceClock'> = {
  'dev.advanceClock': (args, host) => {
    if (!host.testClock)
      throw new ApiError(
        'unknown_method',
        'dev.advanceClock needs the host started with --test-clock',
      );
    host.testClock.advance(args.ms);
    for (const id of host.repos.sessions.idsWithStatus('running')) host.runChanged(id);
    return { now: host.clock.now() };
  },
};
