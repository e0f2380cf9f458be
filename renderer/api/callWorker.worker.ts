/// <reference lib="webworker" />
import { createCaller, type ToCaller } from './callWorker';

declare const self: DedicatedWorkerGlobalScope;

const handle = createCaller(fetch.bind(self), (message) => self.postMessage(message));
self.onmessage = (event: MessageEvent<ToCaller>) => void handle(event.data);
