/// <reference lib="webworker" />
import { createOpsWriter, type ToWriter } from './opsWriter';

declare const self: DedicatedWorkerGlobalScope;

const handle = createOpsWriter(indexedDB, (message) => self.postMessage(message));
self.onmessage = (event: MessageEvent<ToWriter>) => handle(event.data);
