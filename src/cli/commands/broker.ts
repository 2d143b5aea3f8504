import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startBroker } from '../../engine/broker/embedded-broker';
import { FieldbenchError } from '../../shared/errors';
import { parseIntFlag } from '../args';

export const BROKER_HELP = `fieldbench broker [--port N] [--host H --allow-network] [--password-out FILE]
  Runs the embedded MQTT broker until stopped (Ctrl+C), on 127.0.0.1:1883 unless told (port 0 picks a free one).
  Every client logs in with the user name and password generated for this run and printed at start; --password-out
  also writes the password to FILE (mode 0600) for --password-file of "sub" and "sparkplug". Listening on anything
  but loopback needs --allow-network and prints a warning. (--tls is not available yet.)`;

export async function brokerCommand(argv: string[], out: (line: string) => void, err: (line: string) => void, stop: Promise<void>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'allow-network': { type: 'boolean', default: false }, tls: { type: 'boolean', default: false }, 'password-out': { type: 'string' } },
    strict: true,
  });
  if (values.tls) {
    throw new FieldbenchError('unsupported', '--tls is not available yet: Node\'s crypto cannot make an X.509 certificate by itself, and the certificate generator is still to be wired');
  }
  const broker = await startBroker({
    host: values.host ?? '127.0.0.1',
    port: parseIntFlag(values.port, '--port', 0, 65535, 1883),
    allowNetwork: values['allow-network'],
    warn: err,
  });
  if (values['password-out']) writeFileSync(values['password-out'], `${broker.credentials.password}\n`, { mode: 0o600 });
  out(`broker listening on ${broker.url}`);
  out(`user ${broker.credentials.username}`);
  out(`password ${broker.credentials.password}`);
  await stop;
  await broker.close();
  return 0;
}
