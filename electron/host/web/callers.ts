import { ApiError } from '../../../shared/api/errors';
import type { Caller, Person } from '../context';
import type { ServedHost } from '../host';
import { isLoopback, tokenScope, type Tokens } from './auth';
import { createRateLimit, type RateLimit } from './rateLimit';

/** Who a token opens: the host's own app (full), a pipeline (read-only), or a personal link. */
export type WebCaller =
  { kind: 'full' } | { kind: 'pipeline' } | { kind: 'person'; person: Person; token: string };

export type Admission =
  | { ok: true; caller: WebCaller; remote: boolean }
  | { ok: false; error: ApiError; retryAfter?: number };

/** Wrong tokens one address may present per minute before it is refused (429) for a while. */
export const MAX_FAILED_TOKENS = 10;

export const REVOKED_MESSAGE =
  'This personal link no longer works: it was revoked or replaced. Ask the facilitator for a new one.';

/** The peer's address as the socket has it, IPv4-mapped IPv6 written as IPv4. */
export const peerAddress = (address: string | undefined): string =>
  (address ?? '').replace(/^::ffff:/, '');

/** What the dispatcher is told about a web caller. */
export function dispatchCaller(admitted: { caller: WebCaller; remote: boolean }): Caller {
  return admitted.caller.kind === 'person'
    ? { transport: 'web', remote: admitted.remote, person: admitted.caller.person }
    : { transport: 'web', remote: admitted.remote };
}

/**
 * Decides who a request's token opens, for the API, the gate and the event stream alike. From
 * another machine only personal links and the pipeline token work: the host's own token is the
 * facilitator's on this machine. Wrong tokens are counted per address; past the limit the
 * address gets 429 with Retry-After until the minute has passed.
 */
export function createGatekeeper(options: {
  tokens: Tokens;
  identify: ServedHost['identify'];
  limit?: RateLimit;
}) {
  const limit = options.limit ?? createRateLimit({ max: MAX_FAILED_TOKENS, windowMs: 60_000 });
  return {
    admit(token: string | null | undefined, socketAddress: string | undefined): Admission {
      const address = peerAddress(socketAddress);
      const remote = !isLoopback(address);
      const wait = limit.retryAfter(address);
      if (wait > 0)
        return {
          ok: false,
          retryAfter: wait,
          error: new ApiError(
            'rate_limited',
            `Too many wrong tokens from this address; try again in ${wait} s`,
          ),
        };
      const scope = tokenScope(options.tokens, token);
      if (scope === 'full' && remote)
        return {
          ok: false,
          error: new ApiError(
            'forbidden',
            'The host’s own link works only on the machine running Ensemble; people on other machines open their personal link',
          ),
        };
      if (scope) return { ok: true, caller: { kind: scope }, remote };
      const person = options.identify(token);
      if (person === 'revoked')
        return { ok: false, error: new ApiError('unauthorized', REVOKED_MESSAGE) };
      if (person) return { ok: true, caller: { kind: 'person', person, token: token! }, remote };
      if (token) limit.fail(address);
      return { ok: false, error: new ApiError('unauthorized', 'Missing or wrong session token') };
    },
  };
}
export type Gatekeeper = ReturnType<typeof createGatekeeper>;
