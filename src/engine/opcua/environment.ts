import { defaultDirs } from '../options';
import { FileSecretStore, type SecretStore } from './secrets';

/** What OPC UA sessions need from their host: the data folder (PKI) and where passwords are kept. */
export interface OpcUaEnvironment {
  dataDir: string;
  secrets: SecretStore;
  /** A server certificate thumbprint accepted for this run only (the CLI's --trust-server). */
  trustServer?: string;
  /** Watch the PKI folders, so a certificate trusted from another process counts at once (the app; not the CLI). */
  watchPki?: boolean;
}

let current: OpcUaEnvironment | null = null;

/**
 * Set by the host before it loads a project with OPC UA devices (the CLI, web mode, the app, tests). Until the engine
 * core passes it down itself, the driver factory reads it here; without it the default data folder is used.
 */
export function setOpcUaEnvironment(env: OpcUaEnvironment | null): void {
  current = env;
}

export function opcUaEnvironment(): OpcUaEnvironment {
  if (current) return current;
  const { dataDir } = defaultDirs();
  return { dataDir, secrets: new FileSecretStore(dataDir) };
}
