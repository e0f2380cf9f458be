import { z } from 'zod';
import { Id } from '../domain/common';

/** One method of the API: its argument schema and its result schema. */
export type MethodSpec = { args: z.ZodType; result: z.ZodType };
export const method = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({
  args,
  result,
});

/** Arguments naming just the session. */
export const SessionRef = z.object({ sessionId: Id }).strict();
/** The new order of a session's participants or goals. */
export const OrderedIds = z.array(Id).max(1000);
export const Removed = z.object({ removed: z.literal(true) });

/**
 * Compiles to `true` when A and B have exactly the same keys; otherwise to the keys on either
 * side only, so that `Assert` names them in the compiler's message.
 */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [
  never,
  never,
]
  ? true
  : { onlyInFirst: Exclude<keyof A, keyof B>; onlyInSecond: Exclude<keyof B, keyof A> };
/** A compile-time assertion: the type check fails unless T is `true`. */
export type Assert<T extends true> = T;
