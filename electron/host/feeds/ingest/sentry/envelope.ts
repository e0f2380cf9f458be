export class EnvelopeError extends Error {}

export type EnvelopeItem = { type: string; payload: Buffer };

/**
 * A Sentry envelope: a header line, then items, each an item-header line and a payload that is
 * either `length` bytes long or runs to the next newline.
 */
export function parseEnvelope(body: Buffer): {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
} {
  let pos = 0;
  const readLine = (): Buffer | null => {
    if (pos >= body.length) return null;
    const nl = body.indexOf(0x0a, pos);
    const end = nl === -1 ? body.length : nl;
    const line = body.subarray(pos, end);
    pos = end + 1;
    return line;
  };
  const json = (line: Buffer, what: string): Record<string, unknown> => {
    try {
      const value = JSON.parse(line.toString('utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error();
      return value as Record<string, unknown>;
    } catch {
      throw new EnvelopeError(`The envelope's ${what} is not a JSON object`);
    }
  };

  const first = readLine();
  if (!first || first.length === 0) throw new EnvelopeError('The envelope is empty');
  const header = json(first, 'header');
  const items: EnvelopeItem[] = [];
  for (;;) {
    const line = readLine();
    if (line === null) break;
    if (line.length === 0) continue;
    const itemHeader = json(line, 'item header');
    if (typeof itemHeader.type !== 'string')
      throw new EnvelopeError('An envelope item has no type');
    let payload: Buffer;
    if (itemHeader.length !== undefined) {
      const length = itemHeader.length;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0)
        throw new EnvelopeError('An envelope item has an invalid length');
      if (pos + length > body.length)
        throw new EnvelopeError(
          `An envelope item says it is ${length} bytes long, past the end of the envelope`,
        );
      payload = body.subarray(pos, pos + length);
      pos += length;
      if (pos < body.length && body[pos] !== 0x0a)
        throw new EnvelopeError('An envelope item is longer than its length says');
      pos += 1;
    } else {
      payload = readLine() ?? Buffer.alloc(0);
    }
    items.push({ type: itemHeader.type, payload });
  }
  return { header, items };
}
