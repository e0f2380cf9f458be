import type { Caller } from '../electron/host/context';
import type { runFixture } from './runFixture';

type Fixture = Awaited<ReturnType<typeof runFixture>>;

/**
 * The fixture's session with Ana facilitating and Dev as product owner, a personal link for
 * each person, and the caller each link makes (as the web transport finds it from the token).
 */
export async function withLinks(fx: Fixture) {
  const { host, sessionId, people } = fx;
  await host.call('sessions.update', {
    id: sessionId,
    patch: { facilitatorId: people.Ana!, productOwnerId: people.Dev! },
  });
  // Links point at the web server's address; here, a made-up one (nothing listens there).
  host.info.share ??= { origin: 'http://127.0.0.1:9', remote: false };
  const tokens: Record<string, string> = {};
  const links: Record<string, string> = {};
  for (const [name, id] of Object.entries(people)) {
    const issued = await host.call('links.issue', { sessionId, participantId: id });
    links[name] = issued.link.id;
    tokens[name] = tokenOf(issued.url!);
  }
  const as = (name: string): Caller => {
    const person = host.identify(tokens[name]);
    if (!person || person === 'revoked') throw new Error(`${name}'s link does not work`);
    return { transport: 'web', person };
  };
  return { ...fx, tokens, links, as };
}

/** The token in a personal link's address (`…/#/join?t=…`). */
export const tokenOf = (url: string): string =>
  new URLSearchParams(new URL(url).hash.replace(/^#\/join\?/, '')).get('t')!;
