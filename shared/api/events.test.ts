import { describe, expect, it } from 'vitest';
import { parseHostEvent } from './events';

describe('host events on the wire', () => {
  it('drops what is not a host event instead of handing it to the store', () => {
    expect(parseHostEvent({ event: 'run.changed', payload: { sessionId: 'x' } })).toBeNull();
    expect(parseHostEvent({ event: 'toString', payload: {} })).toBeNull();
    expect(parseHostEvent({ event: 'nope', payload: {} })).toBeNull();
    expect(parseHostEvent('resync')).toBeNull();
    expect(parseHostEvent({ event: 'resync', payload: {} })).toEqual({
      event: 'resync',
      payload: {},
    });
  });
});
