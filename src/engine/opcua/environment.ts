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

/** The environment of an engine core whose host gave nothing more: passwords in a 0600 file in its data folder. */
export function opcUaEnvironmentFor(dataDir: string, given: Partial<Omit<OpcUaEnvironment, 'dataDir'>> = {}): OpcUaEnvironment {
  return { dataDir, secrets: given.secrets ?? new FileSecretStore(dataDir), ...(given.trustServer ? { trustServer: given.trustServer } : {}), ...(given.watchPki ? { watchPki: true } : {}) };
}
