import { broker } from '../config-view';
import { brokerEndpoint } from '../broker-url';
import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/**
 * TLS on every northbound link: mqtts:// with a CA, or a stated reason for plaintext. Plaintext to a loopback broker is
 * a bench rehearsal (a warning); plaintext across a network without a reason is refused.
 */
export const checkTls: PreflightCheck = ({ config, plaintextReason }) => {
  const b = broker(config);
  const where = 'northbound.broker';
  if (b.kind === 'embedded') return [ok('tls', `Sparkplug to the embedded broker on 127.0.0.1:${b.port}: no network link to protect`, where)];
  const e = brokerEndpoint(b.url);
  if (e.tls) {
    if (!config.northbound.tls?.ca) return [warning('tls', `TLS to ${b.url} is checked against the system's CAs only`, 'northbound.tls.ca', 'give the CA that signed the broker\'s certificate (--ca) so only that broker is trusted')];
    return [ok('tls', `TLS to ${b.url}, verified against the given CA`, 'northbound.tls')];
  }
  if (e.loopback) return [warning('tls', `plaintext MQTT to ${b.url} (loopback: a rehearsal at the bench)`, 'northbound.broker.url', 'use mqtts:// and a CA when the broker is on the plant network')];
  if (plaintextReason) return [warning('tls', `plaintext MQTT to ${b.url}, accepted: ${plaintextReason}`, 'northbound.broker.url', 'use mqtts:// and a CA when the network allows it')];
  return [error('tls', `plaintext MQTT to ${b.url} across the network: logins and values travel readable`, 'northbound.broker.url', 'use mqtts://HOST:8883 with the broker\'s CA, or state why plaintext is accepted (the plaintext reason)')];
};
