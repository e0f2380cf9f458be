/** JSON nesting deeper than this is refused before it is parsed (OTLP and Sentry need < 20). */
export const MAX_JSON_DEPTH = 64;

export class JsonBodyError extends Error {}

/**
 * The deepest nesting of objects and arrays in a JSON text, counted in one pass over the bytes
 * with no recursion, stopping as soon as `limit` is passed. Bytes of multi-byte UTF-8 characters
 * are all ≥ 0x80, so they are never mistaken for brackets or quotes.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Parse a JSON body whose nesting is bounded first, so that nothing after it (schema checks,
 * flattening, JSON.stringify) can run out of stack on a crafted body.
 */
export function parseJsonBody(bytes: Uint8Array, what: string): unknown {
  if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH))
    throw new JsonBodyError(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    );
  } catch {
    throw new JsonBodyError(`${what} is not valid JSON`);
  }
}
