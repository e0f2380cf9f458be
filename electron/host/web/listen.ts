import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listen, resolving with the bound port (0 picks one), or rejecting with the listen error. */
export async function listen(server: Server, port: number, hostname: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Stop accepting, close idle kept-alive connections at once, let requests in flight be answered,
 * and drop whatever is still open after a grace period (a slow or stalled client).
 */
export const closeServer = (server: Server, graceMs = 2_000) =>
  new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
