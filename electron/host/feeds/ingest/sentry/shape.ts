/** A Sentry event whose fields have the wrong types: answered 400, nothing of it stored. */
export class SentryEventError extends Error {}

type Kind = 'string' | 'number' | 'text' | 'object' | 'array';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const matches = (v: unknown, kinds: readonly Kind[]) =>
  kinds.some((k) =>
    k === 'string'
      ? typeof v === 'string'
      : k === 'number'
        ? typeof v === 'number'
        : k === 'text'
          ? typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          : k === 'object'
            ? isObject(v)
            : Array.isArray(v),
  );

/** Null stands for absent, as in Sentry's protocol. */
function expect(v: unknown, path: string, ...kinds: Kind[]): void {
  if (v === null || v === undefined || matches(v, kinds)) return;
  throw new SentryEventError(`${path}: expected ${kinds.join(' or ')}`);
}

function fields(o: unknown, path: string, spec: Record<string, Kind[]>): void {
  if (!isObject(o)) return;
  for (const [key, kinds] of Object.entries(spec)) expect(o[key], `${path}.${key}`, ...kinds);
}

/** `{values: [...]}` or a bare list, each entry an object (or null). */
function listOf(v: unknown, path: string, each: (item: unknown, path: string) => void): void {
  expect(v, path, 'object', 'array');
  let items: unknown = v;
  if (isObject(v)) {
    expect(v.values, `${path}.values`, 'array');
    items = v.values;
  }
  if (!Array.isArray(items)) return;
  items.forEach((item, i) => {
    expect(item, `${path}[${i}]`, 'object');
    each(item, `${path}[${i}]`);
  });
}

const FRAME: Record<string, Kind[]> = {
  filename: ['string'],
  abs_path: ['string'],
  function: ['string'],
  module: ['string'],
  lineno: ['number'],
  colno: ['number'],
};

/**
 * The fields Ensemble reads or Sentry's protocol types strictly, checked before anything is
 * taken from the event: the first wrong one is named in the 400.
 */
export function checkSentryEvent(e: Record<string, unknown>): void {
  fields(e, 'event', {
    event_id: ['string'],
    timestamp: ['number', 'string'],
    level: ['string'],
    message: ['string', 'object'],
    logentry: ['object'],
    tags: ['object', 'array'],
    fingerprint: ['array'],
    release: ['string'],
    dist: ['string'],
    environment: ['string'],
    transaction: ['string'],
    server_name: ['string'],
    platform: ['string'],
    logger: ['string'],
    user: ['object'],
    contexts: ['object'],
    extra: ['object'],
    request: ['object'],
    sdk: ['object'],
  });
  for (const key of ['message', 'logentry'])
    fields(e[key], `event.${key}`, { formatted: ['string'], message: ['string'] });
  listOf(e.exception, 'event.exception', (ex, path) => {
    fields(ex, path, {
      type: ['string'],
      value: ['text'],
      module: ['string'],
      stacktrace: ['object'],
    });
    const stacktrace = (ex as { stacktrace?: unknown } | null)?.stacktrace;
    fields(stacktrace, `${path}.stacktrace`, { frames: ['array'] });
    const frames = (stacktrace as { frames?: unknown } | null)?.frames;
    if (Array.isArray(frames))
      frames.forEach((f, i) => {
        expect(f, `${path}.stacktrace.frames[${i}]`, 'object');
        fields(f, `${path}.stacktrace.frames[${i}]`, FRAME);
      });
  });
  listOf(e.breadcrumbs, 'event.breadcrumbs', (b, path) =>
    fields(b, path, {
      message: ['string'],
      category: ['string'],
      level: ['string'],
      data: ['object'],
    }),
  );
  if (Array.isArray(e.tags))
    e.tags.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string')
        throw new SentryEventError(`event.tags[${i}]: expected a [key, value] pair`);
    });
  if (isObject(e.contexts)) {
    for (const [name, context] of Object.entries(e.contexts))
      expect(context, `event.contexts.${name}`, 'object');
    fields(e.contexts.trace, 'event.contexts.trace', { trace_id: ['string'], span_id: ['string'] });
  }
  if (Array.isArray(e.fingerprint))
    e.fingerprint.forEach((part, i) => expect(part, `event.fingerprint[${i}]`, 'text'));
}
