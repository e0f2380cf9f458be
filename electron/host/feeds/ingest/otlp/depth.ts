/** Messages nested deeper than this are refused before decoding (real requests need about 12). */
export const MAX_PROTO_DEPTH = 48;

export class ProtoDepthError extends Error {}

// The message fields of the OTLP logs schema (proto.ts): field number → the message it holds.
const REQUEST = 0;
const RESOURCE_LOGS = 1;
const RESOURCE = 2;
const SCOPE_LOGS = 3;
const SCOPE = 4;
const LOG_RECORD = 5;
const KEY_VALUE = 6;
const ANY_VALUE = 7;
const ARRAY_VALUE = 8;
const KV_LIST = 9;
const CHILDREN: ReadonlyArray<Readonly<Record<number, number>>> = [
  { 1: RESOURCE_LOGS },
  { 1: RESOURCE, 2: SCOPE_LOGS },
  { 1: KEY_VALUE },
  { 1: SCOPE, 2: LOG_RECORD },
  { 3: KEY_VALUE },
  { 5: ANY_VALUE, 6: KEY_VALUE },
  { 2: ANY_VALUE },
  { 5: ARRAY_VALUE, 6: KV_LIST },
  { 1: ANY_VALUE },
  { 1: KEY_VALUE },
];

/**
 * Walks an ExportLogsServiceRequest's wire format with an explicit stack (protobufjs decodes
 * nested messages by recursion, and so does everything after it) and throws when messages nest
 * deeper than `limit` or a length runs past its message. Linear in the body's size.
 */
export function checkProtoDepth(bytes: Uint8Array, limit = MAX_PROTO_DEPTH): void {
  const types = [REQUEST];
  const ends = [bytes.length];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) throw new ProtoDepthError('The body ends inside a number');
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new ProtoDepthError('A number is longer than 10 bytes');
  };
  for (;;) {
    const end = ends[ends.length - 1]!;
    if (pos === end) {
      if (ends.length === 1) return;
      ends.pop();
      types.pop();
      continue;
    }
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      if (pos + length > end) throw new ProtoDepthError('A field runs past the end of its message');
      const child = CHILDREN[types[types.length - 1]!]![field];
      if (child === undefined) pos += length;
      else {
        if (ends.length >= limit)
          throw new ProtoDepthError(`Messages are nested more than ${limit} levels deep`);
        types.push(child);
        ends.push(pos + length);
      }
    } else throw new ProtoDepthError(`Wire type ${wire} is not used by OTLP`);
    if (pos > end) throw new ProtoDepthError('A field runs past the end of its message');
  }
}
