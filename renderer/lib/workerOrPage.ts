import { startWorker } from './startWorker';

/** What the page needs of a worker (a stand-in in tests). */
export type WorkerPort<In, Out> = {
  postMessage(message: In): void;
  onmessage: ((event: MessageEvent<Out>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  /** Stops it: a worker given up on must not go on with what it was handed (a real Worker's). */
  terminate?(): void;
};

/**
 * What a worker's message says of one job: the worker has it (its deadline no longer runs), its
 * result, or that it cannot do it (nor any later job).
 */
export type Reply<Result> = { taken: true } | { result: Result } | { refused: string };

export type WorkerOrPage<Job, Result, In, Out> = {
  /** The worker; null where there is none. A start that throws counts as none. */
  start: () => WorkerPort<In, Out> | null;
  /** The message that hands the worker job `id`. */
  send: (id: number, job: Job) => In;
  /** Which job a message is about, and what it says of it. */
  read: (message: Out) => { id: number; reply: Reply<Result> };
  /** The same job, done on the page's thread. */
  onPage: (job: Job) => Promise<Result>;
  /** A job neither taken nor done by then: the worker is given up on. */
  withinMs: number;
  /** Called once the worker is started (e.g. to tell it which database to open). */
  started?: (port: WorkerPort<In, Out>, giveUp: (reason: string) => void) => void;
  /**
   * The warning's words: the worker's name ("the call worker"), what it does with a job ("send"),
   * what it failed to do in time ("took no request"), and what follows ("notes are sent from
   * the page's thread").
   */
  name: string;
  does: string;
  late: string;
  fallbackNote: string;
};

/**
 * Jobs done on a worker's thread, and on the page's when the worker cannot do them: there is none,
 * it fails to start or fails later, refuses a job, or takes none within `withinMs`. Then what it
 * was handed is done again on the page, and so is every later job. So a job must be one that can
 * be done twice harmlessly (an IndexedDB put, a request the host applies once by its id).
 */
export function createWorkerOrPage<Job, Result, In, Out>(
  o: WorkerOrPage<Job, Result, In, Out>,
): (job: Job) => Promise<Result> {
  let port: WorkerPort<In, Out> | null = null;
  let broken = false;
  let next = 0;
  type Waiting = {
    job: Job;
    taken: boolean;
    done: (result: Result) => void;
    fail: (error: unknown) => void;
  };
  const waiting = new Map<number, Waiting>();
  const onPage = (w: Waiting) => void o.onPage(w.job).then(w.done, w.fail);

  function giveUp(reason: string) {
    if (!broken) console.warn(`[ensemble] ${o.fallbackNote}: ${reason}`);
    broken = true;
    if (port) {
      port.onmessage = port.onerror = null;
      port.terminate?.();
    }
    port = null;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      onPage(w);
    }
  }

  function connect(): WorkerPort<In, Out> | null {
    if (port || broken) return port;
    port = startWorker(o.start);
    if (!port) {
      broken = true;
      return null;
    }
    port.onmessage = ({ data }) => {
      const { id, reply } = o.read(data);
      const w = waiting.get(id);
      if (!w) return;
      if ('taken' in reply) w.taken = true;
      else if ('result' in reply) {
        waiting.delete(id);
        w.done(reply.result);
      } else {
        // It could not do this one (and will not do the next): the page does.
        waiting.delete(id);
        giveUp(`${o.name} could not ${o.does} (${reply.refused})`);
        onPage(w);
      }
    };
    port.onerror = () => giveUp(`${o.name} failed`);
    o.started?.(port, giveUp);
    return port;
  }

  // Started now: the first job does not wait for the worker's script to load.
  connect();
  return (job) => {
    const worker = connect();
    if (!worker) return o.onPage(job);
    return new Promise<Result>((done, fail) => {
      const id = ++next;
      waiting.set(id, { job, taken: false, done, fail });
      worker.postMessage(o.send(id, job));
      setTimeout(() => {
        if (waiting.get(id)?.taken === false) giveUp(`${o.name} ${o.late} within ${o.withinMs} ms`);
      }, o.withinMs);
    });
  };
}
