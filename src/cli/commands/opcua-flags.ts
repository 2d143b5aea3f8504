import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultDirs } from '../../engine/options';
import type { OpcUaEnvironment } from '../../engine/opcua/environment';
import { OpcUaCertificateError, OpcUaClientRejectedError } from '../../engine/opcua/errors';
import { FileSecretStore, MemorySecretStore } from '../../engine/opcua/secrets';
import { FieldbenchError } from '../../shared/errors';
import { OpcUaConnection, OpcUaSecurityMode, OpcUaSecurityPolicy } from '../../shared/project/schema';
import { oneOf, parseIntFlag } from '../args';
import { CLI_CONNECTION_ID } from '../cli-engine';

/** The flags every OPC UA command takes to say how to reach the server. */
export const OPCUA_OPTIONS = {
  mode: { type: 'string' },
  policy: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  'trust-server': { type: 'string' },
  timeout: { type: 'string' },
  home: { type: 'string' },
} as const;

export const OPCUA_HELP = `  --mode None|Sign|SignAndEncrypt (None)   --policy Basic256Sha256|Aes128_Sha256_RsaOaep|Aes256_Sha256_RsaPss|...
  --user NAME --password-file FILE   log in as NAME; the password is the file's first line (keep it mode 0600)
  --trust-server THUMBPRINT          accept this server certificate for this run only
  --timeout MS (10000)   --home DIR  Fieldbench's folder (default ~/.fieldbench; its data/pki holds the certificates)`;

type Flags = { [K in keyof typeof OPCUA_OPTIONS]?: string };

/** The data folder of --home, or the default one. */
export function dataDirOf(home: string | undefined): string {
  return home ? path.join(path.resolve(home), 'data') : defaultDirs().dataDir;
}

/** A validated OPC UA connection and the environment of this run (PKI in the data folder, the password if any). */
export function opcuaFromFlags(url: string | undefined, v: Flags, warn: (line: string) => void): { connection: OpcUaConnection; env: OpcUaEnvironment } {
  if (!url) throw new FieldbenchError('invalid_input', 'say where the server is: opc.tcp://HOST:PORT');
  const mode = oneOf(v.mode, '--mode', OpcUaSecurityMode.options, 'None');
  const policy = oneOf(v.policy, '--policy', OpcUaSecurityPolicy.options, mode === 'None' ? 'None' : 'Basic256Sha256');
  if (v['password-file'] && !v.user) throw new FieldbenchError('invalid_input', '--password-file goes with --user NAME');
  if (v.user && !v['password-file']) throw new FieldbenchError('invalid_input', `--user ${v.user} needs --password-file FILE (passwords are never given on the command line)`);
  const dataDir = dataDirOf(v.home);
  let env: OpcUaEnvironment = { dataDir, secrets: new FileSecretStore(dataDir) };
  if (v['password-file']) {
    const file = v['password-file'];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) warn(`warning: ${file} can be read by other users; chmod 600 it`);
    } catch (err) {
      throw new FieldbenchError('invalid_input', `--password-file ${file}: ${(err as Error).message}`);
    }
    const password = text.split(/\r?\n/)[0] ?? '';
    env = { dataDir, secrets: new MemorySecretStore({ [CLI_CONNECTION_ID]: password }) };
  }
  if (v['trust-server']) env.trustServer = v['trust-server'];
  const parsed = OpcUaConnection.safeParse({
    kind: 'opcua',
    id: CLI_CONNECTION_ID,
    name: url,
    endpointUrl: url,
    securityMode: mode,
    securityPolicy: policy,
    identity: v.user ? { kind: 'username', userName: v.user } : { kind: 'anonymous' },
    requestTimeoutMs: parseIntFlag(v.timeout, '--timeout', 100, 120_000, 10_000),
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new FieldbenchError('invalid_input', `${i.path.join('.') === 'endpointUrl' ? url : i.path.join('.')}: ${i.message}`);
  }
  return { connection: parsed.data, env };
}

/** A certificate refusal with the commands that resolve it; any other error unchanged. */
export function withTrustHint(err: unknown, home: string | undefined): unknown {
  const homeFlag = home ? ` --home ${home}` : '';
  if (err instanceof OpcUaCertificateError) {
    const t = err.certificate.thumbprint;
    return new FieldbenchError(err.code, `${err.message}.\nTrust it with: fieldbench certs trust ${t}${homeFlag}\nor for this run only add: --trust-server ${t}`);
  }
  if (err instanceof OpcUaClientRejectedError) return new FieldbenchError(err.code, `${err.message}.\nSee Fieldbench's certificate with: fieldbench certs list${homeFlag}`);
  return err;
}
