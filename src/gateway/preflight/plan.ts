import { generateCredentials } from '../../engine/broker/credentials';
import { FieldbenchError } from '../../shared/errors';
import type { GatewayConfigInput } from '../../shared/gateway/config';
import { gatewayConfigFromProject } from '../../shared/gateway/from-project';
import type { Project } from '../../shared/project/schema';
import { readCertificate } from './gather';
import type { CertificateFact } from './types';

export interface DeployChoices {
  broker?: string | undefined;
  group?: string | undefined;
  node?: string | undefined;
  username?: string | undefined;
  /** The upstream broker's password (content, not a file): it goes only into secrets/mqtt.password. */
  password?: string | undefined;
  /** The CA file on this machine; the bundle carries it as tls/ca.pem. */
  caFile?: string | undefined;
  writable?: string[] | undefined;
}

/** What an export writes besides the runtime: gateway.json, its secrets, the files it names, and their certificates. */
export interface DeployPlan {
  config: GatewayConfigInput;
  secrets: { name: string; content: string }[];
  files: { name: string; from: string }[];
  certificates: CertificateFact[];
}

/**
 * The gateway a project becomes with these choices, as `fieldbench export` makes it: an upstream broker with the given
 * login, or the embedded broker with a login generated for it; the CA copied to tls/ca.pem. Shared by the CLI and the
 * engine so the pre-flight checks exactly what is exported.
 */
export function deployPlan(project: Project, c: DeployChoices): DeployPlan {
  if ((c.username === undefined) !== (c.password === undefined)) throw new FieldbenchError('invalid_input', 'a broker user and its password go together');
  if (c.username !== undefined && !c.broker) throw new FieldbenchError('invalid_input', 'a user is for an upstream broker; the embedded broker gets a generated login');
  const secrets: DeployPlan['secrets'] = [];
  let login: { username: string; passwordFile: string } | null = null;
  if (c.username !== undefined && c.password !== undefined) {
    secrets.push({ name: 'mqtt.password', content: c.password });
    login = { username: c.username, passwordFile: 'secrets/mqtt.password' };
  } else if (!c.broker) {
    const generated = generateCredentials();
    secrets.push({ name: 'broker.password', content: generated.password });
    login = { username: generated.username, passwordFile: 'secrets/broker.password' };
  }
  const config = gatewayConfigFromProject(project, {
    ...(c.broker !== undefined ? { broker: c.broker } : {}),
    ...(c.group !== undefined ? { group: c.group } : {}),
    ...(c.node !== undefined ? { node: c.node } : {}),
    ...(login ? { username: login.username, passwordFile: login.passwordFile } : {}),
    ...(c.caFile !== undefined ? { ca: 'tls/ca.pem' } : {}),
    storeDir: 'store',
    writable: c.writable ?? [],
  });
  return {
    config,
    secrets,
    files: c.caFile !== undefined ? [{ name: 'tls/ca.pem', from: c.caFile }] : [],
    certificates: c.caFile !== undefined ? [readCertificate('northbound.tls.ca', c.caFile)] : [],
  };
}
