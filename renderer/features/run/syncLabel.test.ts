import { describe, expect, it } from 'vitest';
import { syncLabel } from './syncLabel';

describe('the sync indicator', () => {
  it('names a full disk on the host, not Offline, while notes wait here', () => {
    expect(syncLabel({ pending: 1, offline: false, storage: 'full' }, false).label).toBe(
      'Disk full — 1 note kept on this device',
    );
    expect(syncLabel({ pending: 0, offline: false, storage: 'full' }, false).label).toBe('Saved');
  });

  it('still says Offline when the host cannot be reached at all', () => {
    expect(syncLabel({ pending: 2, offline: true, storage: 'full' }, false).label).toBe(
      'Offline — 2 notes kept on this device',
    );
    expect(syncLabel({ pending: 0, offline: false, storage: null }, true).label).toBe(
      'Offline — 0 notes kept on this device',
    );
  });
});
