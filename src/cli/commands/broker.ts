import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { MqttBridge } from '../../engine/broker/bridge';
import { loadBridgeConfig } from '../../engine/broker/bridge-config';
import { startBroker } from '../../engine/broker/embedded-broker';
import { brokerTlsMaterial } from '../../engine/broker/tls-certificate';
import { defaultDirs } from '../../engine/options';
import { FieldbenchError } from '../../shared/errors';
import { parseIntFlag } from '../args';

export const BROKER_HELP = `fieldbench broker [--port N] [--tls [--tls-port N]] [--ws [--ws-port N] [--ws-host H]]
                 [--host H --allow-network] [--password-out FILE] [--bridge FILE]
  Runs the embedded MQTT broker until stopped (Ctrl+C), on 127.0.0.1:1883 unless told (port 0 picks a free one).
  Every client logs in with the user name and password generated for this run and printed at start; --password-out
  also writes the password to FILE (mode 0600) for --password-file of "sub" and "sparkplug". Listening on anything
  but loopback needs --allow-network and prints a warning.
  --tls      also listen for MQTT over TLS (default port 8883) with a self-signed certificate Fieldbench makes on
             first use in <data>/broker/pki; clients take that certificate file (printed) as their CA (--ca)
  --ws       also listen for MQTT over WebSocket (ws://HOST:PORT/mqtt, default port 8083), on the broker's host
             unless --ws-host says otherwise (anything but loopback needs --allow-network and prints a warning)
  --bridge   bridge to an upstream broker as a JSON file says: {"remote": {"url", "username", "passwordFile",
             "caFile", "certFile", "keyFile"}, "rules": [{"local": "plant/", "remote": "site1/plant/",
             "direction": "out"|"in"|"both", "qos": 0|1}], "backoff": {"minMs", "maxMs"}}; its state is printed`;

export async function brokerCommand(argv: string[], out: (line: string) => void, err: (line: string) => void, stop: Promise<void>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'allow-network': { type: 'boolean', default: false }, tls: { type: 'boolean', default: false }, 'tls-port': { type: 'string' }, 'password-out': { type: 'string' }, bridge: { type: 'string' }, ws: { type: 'boolean', default: false }, 'ws-port': { type: 'string' }, 'ws-host': { type: 'string' } },
    strict: true,
  });
  const bridgeConfig = values.bridge ? loadBridgeConfig(values.bridge) : null;
  if (values['tls-port'] !== undefined && !values.tls) throw new FieldbenchError('invalid_input', '--tls-port needs --tls');
  if ((values['ws-port'] !== undefined || values['ws-host'] !== undefined) && !values.ws) throw new FieldbenchError('invalid_input', '--ws-port and --ws-host need --ws');
  const host = values.host ?? '127.0.0.1';
  const tls = values.tls ? await brokerTlsMaterial(path.join(defaultDirs().dataDir, 'broker', 'pki'), [host]) : null;
  const broker = await startBroker({
    host,
    ...(tls ? { tls: { cert: tls.cert, key: tls.key, port: parseIntFlag(values['tls-port'], '--tls-port', 0, 65535, 8883) } } : {}),
    ...(values.ws ? { websocket: { port: parseIntFlag(values['ws-port'], '--ws-port', 0, 65535, 8083), ...(values['ws-host'] ? { host: values['ws-host'] } : {}) } } : {}),
    port: parseIntFlag(values.port, '--port', 0, 65535, 1883),
    allowNetwork: values['allow-network'],
    warn: err,
  });
  if (values['password-out']) writeFileSync(values['password-out'], `${broker.credentials.password}\n`, { mode: 0o600 });
  out(`broker listening on ${broker.url}`);
  if (tls && broker.tlsUrl) out(`TLS listener on ${broker.tlsUrl}, certificate ${tls.certificateFile}`);
  if (broker.wsUrl) out(`WebSocket listener on ${broker.wsUrl}`);
  out(`user ${broker.credentials.username}`);
  out(`password ${broker.credentials.password}`);
  let last = '';
  const bridge = bridgeConfig
    ? new MqttBridge({
        local: { url: broker.url, ...broker.credentials },
        ...bridgeConfig,
        onState: (st) => {
          const line = `bridge: local ${st.local}, upstream ${st.remote}${st.lastError ? ` (${st.lastError})` : ''}`;
          if (line !== last) err((last = line));
        },
      })
    : null;
  await stop;
  await bridge?.close();
  await broker.close();
  return 0;
}
