import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';

/**
 * Where OPC UA passwords live, keyed by connection id: the OS secret store in the desktop app (Electron safeStorage),
 * a file readable only by its owner in the data folder for the CLI and web mode. Never the project file.
 */
export interface SecretStore {
  password(connectionId: string): Promise<string | null>;
  setPassword(connectionId: string, password: string): Promise<void>;
  deletePassword(connectionId: string): Promise<void>;
}

/** Passwords held for one run only (a CLI call with --password-file): nothing is written anywhere. */
export class MemorySecretStore implements SecretStore {
  private readonly map = new Map<string, string>();

  constructor(entries: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(entries)) this.map.set(k, v);
  }

  async password(connectionId: string): Promise<string | null> {
    return this.map.get(connectionId) ?? null;
  }

  async setPassword(connectionId: string, password: string): Promise<void> {
    this.map.set(connectionId, password);
  }

  async deletePassword(connectionId: string): Promise<void> {
    this.map.delete(connectionId);
  }
}

/** <dataDir>/opcua-secrets.json, mode 0600, written whole through a temporary file. */
export class FileSecretStore implements SecretStore {
  readonly file: string;

  constructor(dataDir: string, fileName = 'opcua-secrets.json') {
    this.file = path.join(dataDir, fileName);
  }

  private async load(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const data = JSON.parse(text) as { passwords?: Record<string, string> };
      return data.passwords ?? {};
    } catch {
      throw new FieldbenchError('io_error', `${this.file} is not valid JSON; fix or delete it`);
    }
  }

  private async save(passwords: Record<string, string>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ passwords }, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  async password(connectionId: string): Promise<string | null> {
    return (await this.load())[connectionId] ?? null;
  }

  async setPassword(connectionId: string, password: string): Promise<void> {
    const all = await this.load();
    all[connectionId] = password;
    await this.save(all);
  }

  async deletePassword(connectionId: string): Promise<void> {
    const all = await this.load();
    delete all[connectionId];
    await this.save(all);
  }
}

/** What encrypts a secret with a key the OS keeps for this user (Electron's safeStorage): the engine never sees the key. */
export interface SecretCipher {
  encrypt(text: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Passwords sealed by the OS secret store (the desktop app hands in Electron safeStorage): <dataDir>/opcua-secrets.sealed.json,
 * mode 0600, holds only what the OS key opens, so a copied data folder gives nothing away on another account or machine.
 */
export class SealedSecretStore implements SecretStore {
  private readonly plain: FileSecretStore;

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.plain = new FileSecretStore(dataDir, 'opcua-secrets.sealed.json');
  }

  get file(): string {
    return this.plain.file;
  }

  async password(connectionId: string): Promise<string | null> {
    const sealed = await this.plain.password(connectionId);
    if (sealed === null) return null;
    try {
      return this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      throw new FieldbenchError('io_error', `the stored password of connection ${connectionId} cannot be opened by this user's key: enter it again`);
    }
  }

  setPassword(connectionId: string, password: string): Promise<void> {
    return this.plain.setPassword(connectionId, this.cipher.encrypt(password).toString('base64'));
  }

  deletePassword(connectionId: string): Promise<void> {
    return this.plain.deletePassword(connectionId);
  }
}
