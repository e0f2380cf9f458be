import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseWebArgs, UsageError } from './args';

describe('parseWebArgs', () => {
  it('defaults to loopback, port 5178 and the user data home', () => {
    const args = parseWebArgs([], { XDG_DATA_HOME: '/home/ana/.data' });
    expect(args).toMatchObject({
      host: '127.0.0.1',
      port: 5178,
      allowRemote: false,
      newToken: false,
      newIngestKey: false,
    });
    if (process.platform === 'linux')
      expect(args.dataDir).toBe(path.resolve('/home/ana/.data/ensemble'));
  });

  it('takes --port, --host, --data-dir', () => {
    expect(parseWebArgs(['--port', '0', '--host', 'localhost', '--data-dir', 'x'])).toMatchObject({
      port: 0,
      host: 'localhost',
      dataDir: path.resolve('x'),
    });
  });

  it('puts the feed receivers on 4318 unless told otherwise, or turns them off', () => {
    expect(parseWebArgs([]).ingestPort).toBe(4318);
    expect(parseWebArgs(['--ingest-port', '0']).ingestPort).toBe(0);
    expect(parseWebArgs(['--ingest-port', 'off']).ingestPort).toBeNull();
    expect(() => parseWebArgs(['--ingest-port', 'x'])).toThrow(
      /--ingest-port must be a whole number/,
    );
  });

  it('refuses a non-loopback address without --allow-remote, and allows it with', () => {
    expect(() => parseWebArgs(['--host', '0.0.0.0'])).toThrow(
      /Refusing to listen on 0.0.0.0.*--allow-remote/,
    );
    expect(parseWebArgs(['--host', '0.0.0.0', '--allow-remote']).allowRemote).toBe(true);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--colour'], /Unknown option '--colour'/],
    [['--data-dir', ''], /--data-dir must not be empty/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseWebArgs(argv)).toThrow(UsageError);
    expect(() => parseWebArgs(argv)).toThrow(message);
  });

  it('knows each platform’s data home', () => {
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library[/\\]Application Support[/\\]Ensemble$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toMatch(
      /Roaming[/\\]Ensemble$/,
    );
  });

  it('takes the TLS certificate and key together, and an address to share links at', () => {
    expect(parseWebArgs(['--tls-cert', 'c.pem', '--tls-key', 'k.pem']).tls).toEqual({
      cert: path.resolve('c.pem'),
      key: path.resolve('k.pem'),
    });
    expect(parseWebArgs([]).tls).toBeNull();
    expect(() => parseWebArgs(['--tls-cert', 'c.pem'])).toThrow(/go together/);
    expect(parseWebArgs(['--share-url', 'https://ensemble.example:8443/']).shareUrl).toBe(
      'https://ensemble.example:8443',
    );
    expect(() => parseWebArgs(['--share-url', 'ensemble.example'])).toThrow(UsageError);
    expect(() => parseWebArgs(['--share-url', 'https://e.example/app'])).toThrow(/--share-url/);
  });
});
