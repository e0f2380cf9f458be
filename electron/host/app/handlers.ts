import { ApiError } from '../../../shared/api/errors';
import type { HandlerMap } from '../context';
import { listBackups } from '../db/backup';
import { RestoreError, stageRestore } from '../db/restore';

export const appHandlers: HandlerMap<'app.info' | 'app.backups' | 'app.restoreBackup'> = {
  // A personal link's page is not told where this machine keeps its data.
  'app.info': (_args, host, caller) => (caller.person ? { ...host.info, dataDir: '' } : host.info),
  'app.backups': (_args, host) => ({
    backups: listBackups(host.info.dataDir),
    restartable: host.restart !== null,
  }),
  'app.restoreBackup': ({ name }, host, caller) => {
    if (caller.remote || host.info.mode === 'cli')
      throw new ApiError(
        'unauthorized',
        'A backup is restored only from the desktop app or a browser on the machine running Ensemble',
      );
    try {
      stageRestore(host.info.dataDir, name);
    } catch (error) {
      if (error instanceof RestoreError) throw new ApiError('invalid_argument', error.message);
      throw error;
    }
    const restart = host.restart;
    // After this answer has gone out: the restart closes the host, which waits for this call.
    if (restart) setImmediate(restart);
    return { name, restart: restart ? 'now' : 'manual' };
  },
};
