import os from 'node:os';
import { isLoopback } from './auth';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

const hostPart = (address: string) => (address.includes(':') ? `[${address}]` : address);

/**
 * The address personal links point at: the one given with --share-url, else the bound address,
 * else (bound to every interface) this machine's first network address, IPv4 first. `remote`:
 * other machines can reach it.
 */
export function shareOrigin(
  options: { hostname: string; port: number; tls: boolean; shareUrl: string | null },
  interfaces: ReturnType<typeof os.networkInterfaces> = os.networkInterfaces(),
): { origin: string; remote: boolean } {
  const remote = !isLoopback(options.hostname);
  if (options.shareUrl) return { origin: options.shareUrl, remote };
  const scheme = options.tls ? 'https' : 'http';
  let address = options.hostname;
  if (WILDCARDS.has(address)) {
    const all = Object.values(interfaces).flatMap((list) => list ?? []);
    const outside = all.filter((i) => !i.internal);
    const pick =
      outside.find((i) => i.family === 'IPv4') ??
      outside.find((i) => i.family === 'IPv6' && !i.address.startsWith('fe80')) ??
      null;
    address = pick?.address ?? '127.0.0.1';
  }
  return { origin: `${scheme}://${hostPart(address)}:${options.port}`, remote };
}
