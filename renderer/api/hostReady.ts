import { ROUTES } from '../../shared/api/routes';

/** Waits between attempts to reach the host: 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
export function retryDelay(attempt: number): number {
  return Math.min(5000, 500 * 2 ** Math.max(0, attempt));
}

/** Whether the host answers at all (its health needs no token and is never cached). */
export async function hostAnswers(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
): Promise<boolean> {
  try {
    const res = await fetchImpl(new URL(ROUTES.health.path, baseUrl), { cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}
