import protobuf from 'protobufjs';

/** Messages nested deeper than this are refused before decoding (real requests need about 12). */
export const MAX_PROTO_DEPTH = 48;

export class ProtoDepthError extends Error {}

/** Field number → the message type it holds, read once per type from the schema itself. */
const childrenOf = new Map<protobuf.Type, Map<number, protobuf.Type>>();
function children(type: protobuf.Type): Map<number, protobuf.Type> {
  let map = childrenOf.get(type);
  if (!map) {
    map = new Map();
    for (const field of type.fieldsArray) {
      field.resolve();
      if (field.resolvedType instanceof protobuf.Type) map.set(field.id, field.resolvedType);
    }
    childrenOf.set(type, map);
  }
  return map;
}

/**
 * Walks a message's wire format (an ExportLogsServiceRequest) with an explicit stack (protobufjs decodes
 * nested messages by recursion, and so does everything after it) and throws when messages nest
 * deeper than `limit` or a length runs past its message. Linear in the body's size.
 */
export function checkProtoDepth(
  bytes: Uint8Array,
  root: protobuf.Type,
  limit = MAX_PROTO_DEPTH,
): void {
  const types = [root];
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
      const child = children(types[types.length - 1]!).get(field);
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
