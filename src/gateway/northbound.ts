import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCredentials, type BrokerCredentials } from '../engine/broker/credentials';
import { startBroker, type RunningBroker } from '../engine/broker/embedded-broker';
import type { MqttLogin } from '../engine/broker/topic-watch';
import type { LoadedConfig } from './load-config';

/** The broker the edge node publishes to, with its login; the embedded one is started (and stopped) here. */
export interface BrokerLink {
  url: string;
  /** MqttLogin plus a client certificate for mqtts brokers that ask for one (mqtt.connect takes them alike). */
  login: MqttLogin & { cert?: string; key?: string };
  embedded: RunningBroker | null;
  /** Where the embedded broker's generated login was written (0600), when it was generated. */
  loginFile: string | null;
}

const readSecret = (file: string) => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

export async function openBroker(loaded: LoadedConfig, storeDir: string, warn: (line: string) => void): Promise<BrokerLink> {
  const nb = loaded.config.northbound;
  const fromFiles: BrokerCredentials | null = nb.credentials ? { username: nb.credentials.username, password: readSecret(loaded.resolve(nb.credentials.passwordFile)) } : null;
  if (nb.broker.kind === 'url') {
    const tls = nb.tls;
    const login = {
      ...(fromFiles ?? {}),
      ...(tls ? { ca: readFileSync(loaded.resolve(tls.ca), 'utf8') } : {}),
      ...(tls?.cert && tls.key ? { cert: readFileSync(loaded.resolve(tls.cert), 'utf8'), key: readFileSync(loaded.resolve(tls.key), 'utf8') } : {}),
    };
    return { url: nb.broker.url, login, embedded: null, loginFile: null };
  }
  // The embedded broker: loopback only, with the configured login or one generated for it and kept in a 0600 file.
  let credentials = fromFiles;
  let loginFile: string | null = null;
  if (!credentials) {
    credentials = generateCredentials();
    mkdirSync(storeDir, { recursive: true });
    loginFile = path.join(storeDir, 'broker-login.json');
    writeFileSync(loginFile, JSON.stringify(credentials), { mode: 0o600 });
    chmodSync(loginFile, 0o600);
  }
  // With a TLS listener the edge node connects over it, checking the broker's certificate against the configured CA.
  const tls = nb.broker.tls;
  const read = (p: string) => readFileSync(loaded.resolve(p), 'utf8');
  const embedded = await startBroker({ host: '127.0.0.1', port: nb.broker.port, credentials, warn, ...(tls ? { tls: { port: tls.port, cert: read(tls.cert), key: read(tls.key) } } : {}) });
  if (tls && embedded.tlsUrl) return { url: embedded.tlsUrl, login: { ...credentials, ca: read(tls.ca) }, embedded, loginFile };
  return { url: embedded.url, login: credentials, embedded, loginFile };
}
