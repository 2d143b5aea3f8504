import type { ApplicationDescription, EndpointDescription, OPCUAClient } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { certificateInfo, type CertificateInfo } from './cert-info';
import { opcuaError } from './errors';
import { opcua } from './lib';
import type { OpcUaPki } from './pki';
import { DEPRECATED_POLICIES, policyName, securityModeName, userTokenName, type SecurityModeName, type UserTokenName } from './security';

export interface DiscoveredServer {
  applicationUri: string;
  applicationName: string;
  productUri: string;
  /** Server, Client, ClientAndServer, DiscoveryServer. */
  applicationType: string;
  discoveryUrls: string[];
}

export interface DiscoveredEndpoint {
  endpointUrl: string;
  securityMode: SecurityModeName | 'Invalid';
  /** Short name: Basic256Sha256, Aes128_Sha256_RsaOaep, None... */
  securityPolicy: string;
  /** Basic128Rsa15 and Basic256: deprecated since OPC UA 1.04. */
  deprecated: boolean;
  securityLevel: number;
  userTokens: { policyId: string; type: UserTokenName; securityPolicy: string | null }[];
  serverUri: string;
  certificate: CertificateInfo | null;
}

export interface Discovery {
  url: string;
  servers: DiscoveredServer[];
  endpoints: DiscoveredEndpoint[];
}

const APPLICATION_TYPES = ['Server', 'Client', 'ClientAndServer', 'DiscoveryServer'];

export function describeEndpoint(e: EndpointDescription): DiscoveredEndpoint {
  const policy = policyName(e.securityPolicyUri);
  let certificate: CertificateInfo | null = null;
  if (e.serverCertificate && e.serverCertificate.length) {
    try {
      certificate = certificateInfo(e.serverCertificate);
    } catch {
      certificate = null;
    }
  }
  return {
    endpointUrl: e.endpointUrl ?? '',
    securityMode: securityModeName(e.securityMode),
    securityPolicy: policy,
    deprecated: DEPRECATED_POLICIES.has(policy),
    securityLevel: e.securityLevel,
    userTokens: (e.userIdentityTokens ?? []).map((t) => ({ policyId: t.policyId ?? '', type: userTokenName(t.tokenType), securityPolicy: t.securityPolicyUri ? policyName(t.securityPolicyUri) : null })),
    serverUri: e.server?.applicationUri ?? '',
    certificate,
  };
}

function describeServer(s: ApplicationDescription): DiscoveredServer {
  return {
    applicationUri: s.applicationUri ?? '',
    applicationName: s.applicationName?.text ?? '',
    productUri: s.productUri ?? '',
    applicationType: APPLICATION_TYPES[s.applicationType] ?? String(s.applicationType),
    discoveryUrls: (s.discoveryUrls ?? []).filter((u): u is string => !!u),
  };
}

/** Run `work` on a client connected without security to `url`, then disconnect; bounded by `timeoutMs` in all. */
async function withDiscoveryClient<T>(url: string, pki: OpcUaPki, timeoutMs: number, what: string, work: (client: OPCUAClient) => Promise<T>): Promise<T> {
  const ua = await opcua();
  const client = ua.OPCUAClient.create({
    applicationName: 'Fieldbench',
    applicationUri: pki.own.applicationUri,
    clientCertificateManager: pki.manager,
    certificateFile: pki.own.certificateFile,
    privateKeyFile: pki.own.privateKeyFile,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    defaultTransactionTimeout: timeoutMs,
    transportTimeout: timeoutMs,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FieldbenchError('timeout', `${what}: no answer from ${url} in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        await client.connect(url);
        return work(client);
      })(),
      timeout,
    ]);
  } catch (err) {
    throw opcuaError(err, `${what} at ${url}`);
  } finally {
    clearTimeout(timer);
    await client.disconnect().catch(() => undefined);
  }
}

/** GetEndpoints on `url` over an unsecured channel: what a secure session is opened against. */
export function fetchEndpoints(url: string, pki: OpcUaPki, timeoutMs = 10_000): Promise<EndpointDescription[]> {
  return withDiscoveryClient(url, pki, timeoutMs, 'GetEndpoints', (client) => client.getEndpoints({ endpointUrl: url }));
}

/**
 * FindServers and GetEndpoints for the URL the operator typed: every server the URL knows and every endpoint with its
 * security mode, policy (deprecated ones marked), user token types and server certificate.
 */
export function discover(url: string, pki: OpcUaPki, timeoutMs = 10_000): Promise<Discovery> {
  return withDiscoveryClient(url, pki, timeoutMs, 'discovery', async (client) => {
    let servers: DiscoveredServer[] = [];
    try {
      servers = (await client.findServers()).map(describeServer);
    } catch {
      // FindServers is optional for a server that is not a discovery server; GetEndpoints is not.
    }
    const endpoints = (await client.getEndpoints({ endpointUrl: url })).map(describeEndpoint);
    return { url, servers, endpoints };
  });
}
