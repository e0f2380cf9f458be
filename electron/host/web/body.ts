import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/api/errors';

export const MAX_JSON_BODY = 4 * 1024 * 1024;

/** Read a whole body, refusing (413) past the limit before holding more than it in memory. */
export async function readBody(
  req: IncomingMessage,
  limit: number,
  tooLarge = `Request body is larger than ${limit} bytes`,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ApiError('too_large', tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError('too_large', tooLarge);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Read a JSON body, refusing (413) past the limit and (400) anything that is not JSON. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_argument', 'Request body is not valid JSON');
  }
}
