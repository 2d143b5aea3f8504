import { isLoopback } from '../../engine/broker/listen-host';

/** The host of an mqtt:// or mqtts:// URL (IPv6 brackets removed), and whether it is TLS. */
export function brokerEndpoint(url: string): { host: string; tls: boolean; loopback: boolean } {
  const tls = url.startsWith('mqtts://');
  const rest = url.replace(/^mqtts?:\/\//, '');
  const host = rest.startsWith('[') ? rest.slice(1, rest.indexOf(']')) : rest.replace(/:\d+$/, '');
  return { host, tls, loopback: isLoopback(host) };
}
