import type { HandlerMap } from '../context';

export const appHandlers: HandlerMap<'app.info'> = {
  'app.info': (_args, host) => host.info,
};
