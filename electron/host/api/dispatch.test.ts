import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/api/contract';
import { handlers } from './dispatch';

describe('the handler map', () => {
  it('has a handler for exactly the methods of METHOD_NAMES', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
});
