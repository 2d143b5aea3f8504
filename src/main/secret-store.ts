import { safeStorage } from 'electron';
import { FileSecretStore, SealedSecretStore, type SecretStore } from '../engine/opcua/secrets';

/**
 * OPC UA passwords in the desktop app: sealed with the OS secret store (DPAPI on Windows, the keychain on macOS,
 * libsecret on Linux) through Electron's safeStorage. Where the OS offers none (a Linux session without a keyring),
 * the 0600 file the CLI uses, said once on the console.
 */
export function osSecretStore(dataDir: string): SecretStore {
  if (safeStorage.isEncryptionAvailable()) {
    return new SealedSecretStore(dataDir, { encrypt: (text) => safeStorage.encryptString(text), decrypt: (sealed) => safeStorage.decryptString(sealed) });
  }
  console.warn('the OS secret store is not available: OPC UA passwords are kept in a file only this user can read');
  return new FileSecretStore(dataDir);
}
