import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SealedSecretStore, type SecretCipher } from '../../src/engine/opcua/secrets';
import { tempDir } from '../helpers/engine';

/** A cipher with a key of its own, as the OS keeps one per user: AES-256-GCM. */
function userKey(): SecretCipher {
  const key = randomBytes(32);
  return {
    encrypt(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('OPC UA passwords sealed by the OS secret store (the desktop app)', () => {
  it('keeps only sealed text in a file only its owner reads, and opens it with the same key alone', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const mine = userKey();
    const store = new SealedSecretStore(dir, mine);
    await store.setPassword('conn-1', 'Pump house 3!');
    expect(await store.password('conn-1')).toBe('Pump house 3!');
    expect(readFileSync(store.file, 'utf8')).not.toContain('Pump house 3!');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    // The same data folder under another user's key (a copied folder, another account): nothing comes out.
    await expect(new SealedSecretStore(dir, userKey()).password('conn-1')).rejects.toThrow(/cannot be opened by this user's key: enter it again/);
    await store.deletePassword('conn-1');
    expect(await store.password('conn-1')).toBeNull();
  });
});
