import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_argument',
  'unauthorized',
  /** A valid token that may not do this (the pipeline token outside the gate, record and schema). */
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  /** Too many attempts from one address, or too many waiting (the answer says when to retry). */
  'rate_limited',
  'unknown_method',
  'unavailable',
  /** The disk holding the store is full: nothing was saved; send it again once there is room. */
  'storage_full',
  /** The store cannot be written (read-only or failing disk): nothing was saved; send it again. */
  'storage_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorBody = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** The one error type both sides throw and catch; it survives any transport as ApiErrorBody. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ApiErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  /** Invalid input in one field: the message names the field, the issue sits next to it. */
  static field(path: string, message: string): ApiError {
    return new ApiError('invalid_argument', `${path}: ${message}`, [{ path, message }]);
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues);
  }

  /** The message for one field (dotted path such as "patch.title"), if any. */
  issueFor(path: string): string | undefined {
    return this.issues?.find((i) => i.path === path || i.path.endsWith(`.${path}`))?.message;
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unknown_method: 404,
  unavailable: 503,
  storage_full: 507,
  storage_unavailable: 503,
  internal: 500,
};

/** Turn zod issues into field issues with dotted paths and a message naming the fields. */
export function fromZodError(error: z.ZodError, prefix = ''): ApiError {
  const issues = error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(arguments)',
    message: i.message,
  }));
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('invalid_argument', `Invalid input — ${message}`, issues);
}

export type ApiEnvelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
