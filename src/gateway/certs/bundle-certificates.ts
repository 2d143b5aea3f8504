import path from 'node:path';
import { isLoopback } from '../../engine/broker/listen-host';
import type { GatewayConfigInput } from '../../shared/gateway/config';
import { CA_FILE, CERT_FILE, issueGatewayCertificates, KEY_FILE } from './issue';

export interface BundleCertificateOptions {
  /** More host names or addresses the gateway is reached at (its OPC UA server's host is added when not loopback). */
  hosts?: readonly string[];
  days?: number;
  /**
   * Open a TLS listener for the embedded broker on this port. Off unless given: the embedded broker listens on
   * loopback only, so no network link needs it, and a fixed second port would be one more to keep free.
   */
  brokerTlsPort?: number;
}

const SECRETS = 'secrets';
const ref = (file: string) => `${SECRETS}/${file}`;

/**
 * Issue the bundle's CA and gateway certificate into <bundleDir>/secrets/ (ca.pem, gateway-cert.pem, gateway-key.pem
 * 0600; the CA key is not kept) and return gateway.json with them named: the OPC UA server's application certificate
 * (when the config has a server and names no certificate of its own) and, when asked, the embedded broker's TLS
 * listener. Paths are relative to the bundle folder, where gateway.json lies. The config given is not changed.
 */
export function bundleCertificates(bundleDir: string, config: GatewayConfigInput, opts: BundleCertificateOptions = {}): GatewayConfigInput {
  const ua = config.opcuaServer?.host;
  const hosts = [...(ua && !isLoopback(ua) ? [ua] : []), ...(opts.hosts ?? [])];
  issueGatewayCertificates(path.join(bundleDir, SECRETS), { name: config.name, hosts, ...(opts.days !== undefined ? { days: opts.days } : {}) });
  const out: GatewayConfigInput = { ...config };
  if (config.opcuaServer && !config.opcuaServer.certificate) out.opcuaServer = { ...config.opcuaServer, certificate: { cert: ref(CERT_FILE), key: ref(KEY_FILE) } };
  const broker = config.northbound.broker ?? { kind: 'embedded' as const };
  if (opts.brokerTlsPort !== undefined && broker.kind === 'embedded' && !broker.tls) {
    out.northbound = { ...config.northbound, broker: { ...broker, tls: { port: opts.brokerTlsPort, cert: ref(CERT_FILE), key: ref(KEY_FILE), ca: ref(CA_FILE) } } };
  }
  return out;
}
