import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startBroker, type RunningBroker } from '../../src/engine/broker/embedded-broker';
import type { BrokerCredentials } from '../../src/engine/broker/credentials';
import { readPayload, type WirePayload } from './mqtt-wire';
import { startPeer, type Peer } from './processes';

/** A broker the tests can stop and start again on the same port: the embedded one or mosquitto. */
export interface TestBroker {
  url: string;
  port: number;
  login: BrokerCredentials;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** What the broker logged (mosquitto: every packet, with log_type all). */
  log?: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function embeddedBroker(): Promise<TestBroker> {
  let b: RunningBroker | null = await startBroker({ port: 0 });
  const { port, credentials } = b;
  return {
    url: b.url,
    port,
    login: credentials,
    stop: async () => {
      await b?.close();
      b = null;
    },
    restart: async () => {
      b = await startBroker({ port, credentials });
    },
  };
}

/**
 * mosquitto (apt) on 127.0.0.1 with a temporary config and password file, on a free port; it logs every packet
 * unless `quiet` (benchmarks: the reference should not pay for a debug log).
 */
export async function mosquittoBroker(dir: string, opts: { quiet?: boolean } = {}): Promise<TestBroker> {
  const port = await freePort();
  const login = { username: 'edge', password: `pw-${process.pid}-${port}` };
  const pw = path.join(dir, 'mosquitto.pw');
  writeFileSync(pw, '');
  execFileSync('mosquitto_passwd', ['-b', pw, login.username, login.password]);
  const conf = path.join(dir, 'mosquitto.conf');
  // Run as root, mosquitto would drop to user "mosquitto", who cannot read the temporary folder.
  writeFileSync(conf, `user ${os.userInfo().username}\nlistener ${port} 127.0.0.1\nallow_anonymous false\npassword_file ${pw}\npersistence false\n${opts.quiet ? 'log_type notice\nlog_type information' : 'log_type all'}\n`);
  // mosquitto says it opens the socket a moment before it accepts: wait until a connection goes through.
  const start = async () => {
    const p = await startPeer('mosquitto', ['-c', conf], new RegExp(`listen socket on port (${port})`));
    for (let i = 0; i < 200 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 25));
    return p;
  };
  let peer: Peer | null = await start();
  let earlier = '';
  return {
    log: () => earlier + (peer?.output() ?? ''),
    url: `mqtt://127.0.0.1:${port}`,
    port,
    login,
    stop: async () => {
      await peer?.stop();
      earlier += peer?.output() ?? '';
      peer = null;
    },
    restart: async () => {
      peer = await start();
    },
  };
}

export interface Recorded {
  topic: string;
  payload: WirePayload;
  /** As delivered to a QoS 1 subscription: the publish's QoS (0 or 1) and retain flag. */
  qos: number;
  retain: boolean;
}

/** A subscriber to spBv1.0/# that records every message, decoded from its bytes by the tests' own reader. */
export class SparkplugRecorder {
  readonly messages: Recorded[] = [];
  private client!: MqttClient;

  static async start(b: TestBroker): Promise<SparkplugRecorder> {
    const r = new SparkplugRecorder();
    await r.connect(b);
    return r;
  }

  async connect(b: TestBroker): Promise<void> {
    this.client = await mqtt.connectAsync(b.url, { ...b.login, reconnectPeriod: 0, clean: true });
    this.client.on('message', (topic, payload, packet) => {
      if (!topic.startsWith('spBv1.0/') || topic.startsWith('spBv1.0/STATE')) return;
      this.messages.push({ topic, payload: readPayload(payload), qos: packet.qos, retain: packet.retain });
    });
    await this.client.subscribeAsync('spBv1.0/#', { qos: 1 });
  }

  async publish(topic: string, payload: Buffer): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  of(kind: string): Recorded[] {
    return this.messages.filter((m) => m.topic.split('/')[2] === kind);
  }

  async waitFor(pred: (msgs: Recorded[]) => boolean, what: string, tries = 400): Promise<void> {
    for (let i = 0; i < tries; i++) {
      if (pred(this.messages)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}; recorded:\n${this.messages.map((m) => `${m.topic} seq=${String(m.payload.seq)}`).join('\n')}`);
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true);
  }
}
