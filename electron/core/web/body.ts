import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/api/errors';

export const MAX_JSON_BODY = 4 * 1024 * 1024;

/** Read a JSON body, refusing (413) past the limit and (400) anything that is not JSON. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new ApiError('too_large', `Request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError('too_large', `Request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_argument', 'Request body is not valid JSON');
  }
}
