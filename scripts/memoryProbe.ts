/**
 * What the soak reads inside the host and the page, to say what grows rather than guess: the
 * host is started with `--inspect` on loopback and read through the inspector protocol (the same
 * one Chrome DevTools speaks), its feed writer thread through the inspector's worker sessions,
 * and the page through Playwright's CDP session. Heap snapshots are summed per constructor, so
 * two of them give the kinds of object that grew.
 */
import fs from 'node:fs';
import { WebSocket } from 'ws';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Message = { id?: number; method?: string; params?: Record<string, unknown>; error?: unknown };

/** `--inspect=127.0.0.1:0` prints where it listens on stderr: this finds that address. */
export const inspectorUrlIn = (out: string) => /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1];

export type HostMemory = {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** The feed writer thread's own JS heap (0 when there is none). */
  writerHeap: number;
  /** From /proc: resident anonymous memory (heaps, SQLite's caches, malloc) and file mappings. */
  anon: number;
  file: number;
};

/** One inspector connection to the host process; `writer` reaches its first worker thread. */
export async function connectInspector(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(m: Message) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Message;
    if (m.id !== undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(JSON.stringify(m.error)));
      else p?.resolve((m as { result?: unknown }).result);
    } else for (const l of listeners) l(m);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  // Worker threads: the inspector hands out a session per worker; messages go through it. The
  // feed writer is the oldest worker still alive: a backup's worker comes and goes (a message to
  // a worker that has gone would never be answered).
  const workers: string[] = [];
  const workerPending = new Map<number, Pending>();
  let workerNext = 1;
  listeners.add((m) => {
    if (m.method === 'NodeWorker.attachedToWorker') workers.push(m.params!.sessionId as string);
    if (m.method === 'NodeWorker.detachedFromWorker') {
      const gone = workers.indexOf(m.params!.sessionId as string);
      if (gone >= 0) workers.splice(gone, 1);
    }
    if (m.method !== 'NodeWorker.receivedMessageFromWorker') return;
    const inner = JSON.parse(m.params!.message as string) as Message & { result?: unknown };
    if (inner.id === undefined) return;
    workerPending.get(inner.id)?.resolve(inner.result);
    workerPending.delete(inner.id);
  });
  await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
  const callWorker = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const workerSession = workers[0];
      if (!workerSession) return resolve(undefined);
      const id = workerNext++;
      workerPending.set(id, { resolve, reject });
      // Should the worker end meanwhile, the reading is left out rather than waited for forever.
      setTimeout(() => {
        if (workerPending.delete(id)) resolve(undefined);
      }, 30_000).unref();
      void call('NodeWorker.sendMessageToWorker', {
        sessionId: workerSession,
        message: JSON.stringify({ id, method, params }),
      }).catch(reject);
    });

  const evaluate = async (on: typeof call, expression: string) =>
    (
      (await on('Runtime.evaluate', { expression, returnByValue: true })) as
        { result: { value: unknown } } | undefined
    )?.result.value;

  return {
    /** Memory after a full collection in the host and its writer thread. */
    async memory(pid: number): Promise<HostMemory> {
      await call('HeapProfiler.collectGarbage');
      await callWorker('HeapProfiler.collectGarbage');
      const main = (await evaluate(call, 'process.memoryUsage()')) as NodeJS.MemoryUsage;
      const writer = (await evaluate(callWorker, 'process.memoryUsage().heapUsed')) as
        number | undefined;
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field: string) =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      return {
        rss: kb('Rss'),
        heapUsed: main.heapUsed,
        external: main.external,
        arrayBuffers: main.arrayBuffers,
        writerHeap: writer ?? 0,
        anon: kb('Anonymous'),
        file: kb('Rss') - kb('Anonymous'),
      };
    },
    /** Any inspector method on the host's main thread (e.g. the Profiler's). */
    send: call,
    /** A heap snapshot of the host's main thread, as JSON text. */
    snapshot: () => takeSnapshot(call, (l) => listeners.add(l as (m: Message) => void)),
    close: () => ws.close(),
  };
}

/** HeapProfiler.takeHeapSnapshot streams chunks as events before it answers. */
export async function takeSnapshot(
  call: (method: string, params?: Record<string, unknown>) => Promise<unknown>,
  listen: (l: (m: { method?: string; params?: unknown }) => void) => void,
): Promise<string> {
  const chunks: string[] = [];
  let taking = true;
  listen((m) => {
    if (taking && m.method === 'HeapProfiler.addHeapSnapshotChunk')
      chunks.push((m.params as { chunk: string }).chunk);
  });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  taking = false;
  return chunks.join('');
}

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};
export type HeapSummary = Map<string, { count: number; size: number }>;

/** Self sizes summed per constructor (objects) or per type (strings, code, arrays…). */
export function summarize(json: string): HeapSummary {
  const s = JSON.parse(json) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out: HeapSummary = new Map();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt!]!]!;
    const key = type === 'object' ? s.strings[s.nodes[i + nameAt!]!]! : `(${type})`;
    const entry = out.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += s.nodes[i + sizeAt!]!;
    out.set(key, entry);
  }
  return out;
}

/** The kinds of object that grew most between two summaries, one line each. */
export function growthLines(before: HeapSummary, after: HeapSummary, top = 8): string[] {
  const rows = [...after].map(([name, a]) => {
    const b = before.get(name) ?? { count: 0, size: 0 };
    return { name, size: a.size - b.size, count: a.count - b.count };
  });
  rows.sort((x, y) => y.size - x.size);
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `  ${(r.size >= 0 ? '+' : '') + (r.size / 1024).toFixed(0).padStart(6)} KB  ${(r.count >= 0 ? '+' : '') + r.count} × ${r.name.slice(0, 60)}`,
    );
}
