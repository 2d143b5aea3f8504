import type { GatewayConfig } from '../../shared/gateway/config';

/** The certificate files a config names, each with its path in the config: load-config checks each can be read. */
export function certificateFiles(config: GatewayConfig): [file: string | undefined, at: string][] {
  const b = config.northbound.broker;
  const tls = b.kind === 'embedded' ? b.tls : undefined;
  const ua = config.opcuaServer?.certificate;
  return [
    [tls?.cert, 'northbound.broker.tls.cert'],
    [tls?.key, 'northbound.broker.tls.key'],
    [tls?.ca, 'northbound.broker.tls.ca'],
    [ua?.cert, 'opcuaServer.certificate.cert'],
    [ua?.key, 'opcuaServer.certificate.key'],
  ];
}
