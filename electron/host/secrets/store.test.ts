import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { CREDENTIALS_FILE, createSecretStore, type SecretCipher } from './store';

/** AES-256-GCM with a key of its own: what safeStorage does with the OS keychain's key. */
function testCipher(key = crypto.randomBytes(32)): SecretCipher {
  return {
    label: 'test keychain',
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const dirs: string[] = [];
const dir = () => {
  const d = tempDataDir('ensemble-secrets-');
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const SECRET = 'sntrys_live_0123456789abcdefghijklmnop';

describe('secret store', () => {
  it('keeps credentials in a file only its owner can read', () => {
    const d = dir();
    const store = createSecretStore(d);
    store.set('source:a', { token: SECRET });
    expect(fs.statSync(path.join(d, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect(createSecretStore(d).get('source:a')).toEqual({ token: SECRET });
    expect(store.keys()).toEqual(['source:a']);
    store.delete('source:a');
    expect(store.get('source:a')).toBeNull();
    expect(fs.readdirSync(d)).toEqual([CREDENTIALS_FILE]); // no temporary file left behind
  });

  it('with the keychain, stores only sealed values, and says so when the keychain is missing', () => {
    const d = dir();
    const cipher = testCipher();
    createSecretStore(d, cipher).set('source:a', { token: SECRET });
    const text = fs.readFileSync(path.join(d, CREDENTIALS_FILE), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 20));
    expect(createSecretStore(d, cipher).get('source:a')).toEqual({ token: SECRET });
    expect(() => createSecretStore(d).get('source:a')).toThrow(/sealed with test keychain/);
    expect(() => createSecretStore(d, testCipher()).get('source:a')).toThrow();
  });

  it('without the keychain, new credentials can still be kept beside the sealed ones', () => {
    const d = dir();
    const cipher = testCipher();
    createSecretStore(d, cipher).set('source:a', { token: SECRET });
    createSecretStore(d).set('source:b', { token: 'web-token' });
    expect(createSecretStore(d).get('source:b')).toEqual({ token: 'web-token' });
    expect(createSecretStore(d, cipher).get('source:a')).toEqual({ token: SECRET });
  });

  it('seals what web mode stored once the desktop app has a keychain', () => {
    const d = dir();
    createSecretStore(d).set('source:old', { token: 'old-token' });
    const cipher = testCipher();
    createSecretStore(d, cipher).set('source:new', { token: SECRET });
    const text = fs.readFileSync(path.join(d, CREDENTIALS_FILE), 'utf8');
    expect(text).not.toContain(Buffer.from('{"token":"old-token"}').toString('base64'));
    expect(createSecretStore(d, cipher).get('source:old')).toEqual({ token: 'old-token' });
  });
});
