import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ulid } from 'ulid';
import { OutboxDb } from '../renderer/outbox/db';
import { createAppStore } from '../renderer/store';
import { createRealClient } from './realClient';

/** The renderer's store over a real host in a temporary folder, with an outbox of its own. */
export function createStoreOverHost(options: Parameters<typeof createRealClient>[0] = {}) {
  const { client, host, connection } = createRealClient(options);
  const outboxDb = new OutboxDb(`t-${ulid()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  return { client, host, connection, store: createAppStore(client, outboxDb) };
}
