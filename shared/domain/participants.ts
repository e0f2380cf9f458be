import { z } from 'zod';
import { Id, optionalText, requiredText } from './common';

export const FUNCTIONS = [
  'support',
  'customer-success',
  'engineering',
  'product',
  'design',
  'other',
] as const;
export const ParticipantFunction = z.enum(FUNCTIONS, {
  error: `Function must be one of: ${FUNCTIONS.join(', ')}`,
});
export type ParticipantFunction = z.infer<typeof ParticipantFunction>;

export const FUNCTION_LABELS: Record<ParticipantFunction, string> = {
  support: 'Support',
  'customer-success': 'Customer success',
  engineering: 'Engineering',
  product: 'Product',
  design: 'Design',
  other: 'Other',
};

/**
 * name@domain.tld. The domain's labels cannot contain the dot that separates them, so the
 * pattern never backtracks (`[^\s@]+\.[^\s@]+` did, quadratically: 100 KB took 20 s).
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export const ParticipantFields = z.object({
  name: requiredText('Name', 100),
  function: ParticipantFunction,
  email: optionalText('Email', 200).refine(
    // Zod runs this even when the length check failed: the length is checked again first.
    (v) => v === '' || (v.length <= 200 && EMAIL.test(v)),
    'Email must look like name@example.com',
  ),
});
export type ParticipantFields = z.infer<typeof ParticipantFields>;

export const Participant = ParticipantFields.extend({
  id: Id,
  sessionId: Id,
});
export type Participant = z.infer<typeof Participant>;
