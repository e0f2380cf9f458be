import type { HandlerMap, HostContext } from '../context';
import { sessionHandlers } from './handlers';
import { writeTransaction } from '../db/write';

/** The "Demo tenant" preset: a session wired to `npm run demo-tenant`, ready to run. */
export const DEMO_SESSION = {
  title: 'Demo: new checkout on the internal tenant',
  charter:
    'Explore the new checkout with internal accounts to discover what stops a purchase or charges the wrong amount.',
  feature: 'New checkout',
  flagKey: 'new-checkout',
  tenantId: 'internal',
  environment: 'production',
  release: 'shop@2026.11.3',
  timeboxMinutes: 60,
  rotationMinutes: 8,
} as const;

/** The demo shop's flag service (`npm run demo-tenant` serves OFREP on its own port). */
export const DEMO_OFREP = 'http://127.0.0.1:5199';

const PEOPLE = [
  { name: 'Ana', function: 'product' },
  { name: 'Ben', function: 'engineering' },
  { name: 'Cleo', function: 'support' },
  { name: 'Dev', function: 'customer-success' },
] as const;

const GOALS = [
  { title: 'Buy with a coupon and pay the right total', priority: 'must' },
  { title: 'Check out an empty or changed cart', priority: 'must' },
  { title: 'See how slow the coupon service feels', priority: 'should' },
  { title: 'Understand the error messages a buyer sees', priority: 'should' },
  { title: 'Compare with the old checkout', priority: 'could' },
] as const;

export const demoHandlers: HandlerMap<'sessions.createDemo'> = {
  'sessions.createDemo': async (_args, host: HostContext, caller) => {
    const detail = await sessionHandlers['sessions.create']({ ...DEMO_SESSION }, host, caller);
    const id = detail.session.id;
    const added = writeTransaction(host.db, () => {
      const people = PEOPLE.map((p) => host.repos.participants.insert(id, { ...p, email: '' }));
      for (const g of GOALS) host.repos.goals.insert(id, { ...g, detail: '', owner: '' });
      return people;
    });
    host.repos.sessions.update(id, { facilitatorId: added[2]!.id, productOwnerId: added[0]!.id });
    // The pre-flight reads the flag where the shop does: its OFREP service.
    host.repos.preflight.update(id, host.clock.now(), (p) => ({
      ...p,
      settings: { ...p.settings, flagSystem: { kind: 'ofrep', baseUrl: DEMO_OFREP } },
    }));
    host.emit({ event: 'sessions.changed', payload: { sessionId: id, change: 'updated' } });
    return sessionHandlers['sessions.get']({ id }, host, caller);
  },
};
