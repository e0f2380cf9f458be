import { describe, expect, it } from 'vitest';
import { fieldError, formError } from './fieldError';

const refused = (fields: Record<string, string>) =>
  ({ ok: false, message: 'Refused', fields }) as const;

describe('where a refusal is shown', () => {
  it('under the field it names, else under each field with the general message', () => {
    expect(fieldError(refused({ title: 'Title is required' }), 'title')).toBe('Title is required');
    expect(fieldError(refused({}), 'title')).toBe('Refused');
    expect(fieldError({ ok: true }, 'title')).toBeUndefined();
  });

  it('for the whole form only when it names no field', () => {
    expect(formError(refused({}))).toBe('Refused');
    expect(formError(refused({ title: 'Title is required' }))).toBeUndefined();
    expect(formError({ ok: true })).toBeUndefined();
  });
});
