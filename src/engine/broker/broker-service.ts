import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrokerStarted, BrokerStatus } from '../../shared/contract/broker';
import { FieldbenchError } from '../../shared/errors';
import { startBroker, type RunningBroker } from './embedded-broker';
import { MessageFeed } from './message-feed';

/** Seconds over which messages/s is averaged. */
const RATE_WINDOW_S = 5;

/**
 * The embedded broker as the interactive engine runs it: started on request (never at engine start), on loopback,
 * with generated credentials whose password is kept only in <data>/broker/password (mode 0600), and stopped with the
 * engine. Every published message goes to the page feed (when a page listens) and to the rate counter.
 */
export class BrokerService {
  private running: RunningBroker | null = null;
  private starting: Promise<BrokerStarted> | null = null;
  private total = 0;
  /** Messages per whole second, the last RATE_WINDOW_S + 1 seconds. */
  private readonly buckets = new Map<number, number>();

  constructor(
    private readonly dataDir: string,
    private readonly feed: MessageFeed,
  ) {}

  get passwordFile(): string {
    return path.join(this.dataDir, 'broker', 'password');
  }

  private warnings: string[] = [];

  async start(port: number | undefined, websocket?: { port: number; allowNetwork: boolean }): Promise<BrokerStarted> {
    if (this.running) throw new FieldbenchError('already_exists', `the broker already runs on ${this.running.url}; stop it first`);
    if (this.starting) throw new FieldbenchError('already_exists', 'the broker is starting');
    this.starting = (async () => {
      const warnings: string[] = [];
      const broker = await startBroker({
        port: port ?? 1883,
        onPublish: (m) => this.onMessage(m),
        ...(websocket ? { websocket: { port: websocket.port, host: websocket.allowNetwork ? '0.0.0.0' : '127.0.0.1' }, allowNetwork: websocket.allowNetwork } : {}),
        warn: (line) => warnings.push(line.replace(/^warning: /, '')),
      });
      this.warnings = warnings;
      try {
        mkdirSync(path.dirname(this.passwordFile), { recursive: true });
        writeFileSync(this.passwordFile, `${broker.credentials.password}\n`, { mode: 0o600 });
        chmodSync(this.passwordFile, 0o600);
      } catch (err) {
        await broker.close();
        throw err;
      }
      this.running = broker;
      this.total = 0;
      this.buckets.clear();
      return { status: this.status(), credentials: { ...broker.credentials } };
    })();
    try {
      return await this.starting;
    } finally {
      this.starting = null;
    }
  }

  async stop(): Promise<BrokerStatus> {
    const broker = this.running;
    this.running = null;
    this.feed.stop();
    if (broker) {
      await broker.close();
      rmSync(this.passwordFile, { force: true });
    }
    return this.status();
  }

  /** How a client of this engine reaches the running broker (its plain listener and login), or null when stopped. */
  login(): { url: string; username: string; password: string } | null {
    const b = this.running;
    return b ? { url: b.url, ...b.credentials } : null;
  }

  status(): BrokerStatus {
    const b = this.running;
    if (!b) return { running: false, listeners: [], username: null, passwordFile: null, clients: 0, messagesPerSecond: 0, totalMessages: this.total, warnings: [] };
    const listeners = [{ url: b.url, host: b.host, port: b.port, tls: false, websocket: false }];
    if (b.tlsUrl && b.tlsPort !== undefined) listeners.push({ url: b.tlsUrl, host: b.host, port: b.tlsPort, tls: true, websocket: false });
    if (b.wsUrl && b.wsPort !== undefined) listeners.push({ url: b.wsUrl, host: b.wsHost!, port: b.wsPort, tls: false, websocket: true });
    return {
      running: true,
      listeners,
      username: b.credentials.username,
      passwordFile: this.passwordFile,
      clients: b.clients(),
      messagesPerSecond: this.rate(),
      totalMessages: this.total,
      warnings: [...this.warnings],
    };
  }

  private onMessage(m: { topic: string; payload: Buffer; qos: number; retain: boolean }): void {
    this.total++;
    const s = Math.floor(Date.now() / 1000);
    this.buckets.set(s, (this.buckets.get(s) ?? 0) + 1);
    if (this.buckets.size > RATE_WINDOW_S + 2) for (const k of this.buckets.keys()) if (k < s - RATE_WINDOW_S) this.buckets.delete(k);
    this.feed.accept(m);
  }

  /** Messages/s over the last RATE_WINDOW_S whole seconds (the current, partial second left out). */
  private rate(): number {
    const now = Math.floor(Date.now() / 1000);
    let n = 0;
    for (let s = now - RATE_WINDOW_S; s < now; s++) n += this.buckets.get(s) ?? 0;
    return n / RATE_WINDOW_S;
  }
}
