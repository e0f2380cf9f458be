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

/** Stop accepting and drop open connections (kept-alive browsers, exporters) at once. */
export const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
