import { afterEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../test-support/tempHost';

let host: ReturnType<typeof createTempHost> | undefined;
afterEach(() => host?.dispose());

describe('web mode shares as it was started', () => {
  it('says where it shares, and refuses changes with what to restart it with', async () => {
    host = createTempHost();
    host.info.share = { origin: 'http://127.0.0.1:5178', remote: false };
    const loopback = { state: 'loopback', origin: 'http://127.0.0.1:5178', changeable: false };
    expect(await host.call('links.sharing', {})).toEqual(loopback);
    expect(await host.call('links.share', { network: false })).toEqual(loopback);
    await expect(host.call('links.share', { network: true })).rejects.toMatchObject({
      code: 'conflict',
      message:
        'Web mode shares at http://127.0.0.1:5178, on this machine only; restart it with --host 0.0.0.0 --allow-remote to let other machines join',
    });
    await expect(host.call('links.share', { off: true })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Web mode shares at http://127.0.0.1:5178 while it runs; stop it to stop sharing',
    });

    host.info.share = { origin: 'https://ensemble.example', remote: true };
    expect(await host.call('links.share', { network: true })).toEqual({
      state: 'network',
      origin: 'https://ensemble.example',
      changeable: false,
    });
    await expect(host.call('links.share', { network: false })).rejects.toMatchObject({
      message:
        'Web mode shares at https://ensemble.example with other machines; restart it without --allow-remote to share on this machine only',
    });
    expect((await host.call('links.sharing', {})).state).toBe('network');
  });

  it('is off where nothing serves participants, and cannot be started there', async () => {
    host = createTempHost();
    expect(await host.call('links.sharing', {})).toEqual({
      state: 'off',
      origin: null,
      changeable: false,
    });
    await expect(host.call('links.share', { network: false })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
