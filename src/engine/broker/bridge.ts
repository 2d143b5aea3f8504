import { createHash } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** One topic rule: topics under `local` here are `remote` + the rest there, forwarded one way or both. */
export interface BridgeRule {
  /** A topic prefix on the local broker, such as "spBv1.0/" ("" is every topic). */
  local: string;
  /** The prefix that replaces it on the remote broker, such as "site1/spBv1.0/". */
  remote: string;
  direction: 'out' | 'in' | 'both';
  qos: 0 | 1;
}

export interface BridgeEndpoint {
  url: string;
  username?: string;
  password?: string;
  /** PEM: the CA an mqtts:// broker is checked against; a client certificate and key where the broker asks for one. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface BridgeOptions {
  local: BridgeEndpoint;
  remote: BridgeEndpoint;
  rules: readonly BridgeRule[];
  /** Reconnect waits double from min to max while a side stays away (default 1 s .. 60 s). */
  backoff?: { minMs: number; maxMs: number };
  onState?: (state: BridgeState) => void;
}

export type SideState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface BridgeState {
  local: SideState;
  remote: SideState;
  forwardedOut: number;
  forwardedIn: number;
  /** Messages not sent back where they came from over a both-way rule. */
  echoesSuppressed: number;
  lastError?: string;
  /** Per side, while it is away: when (ms since the epoch) the next connection attempt is due. */
  nextAttempt: { local: number | null; remote: number | null };
}

/** Forwarded payloads remembered this long, so a message coming back over a both-way rule is not sent again. */
const ECHO_WINDOW = 512;

function filterOf(prefix: string): string {
  return prefix === '' ? '#' : prefix.endsWith('/') ? `${prefix}#` : `${prefix}/#`;
}

/**
 * A bridge between the embedded broker and an upstream one (mqtt.js on both sides): each rule maps a topic prefix,
 * in one direction or both; each side reconnects on its own with exponential backoff; its state is reported as it
 * changes. A message forwarded one way is not forwarded back (echo suppression by topic and payload digest).
 */
export class MqttBridge {
  readonly state: BridgeState = { local: 'connecting', remote: 'connecting', forwardedOut: 0, forwardedIn: 0, echoesSuppressed: 0, nextAttempt: { local: null, remote: null } };
  private readonly local: MqttClient;
  private readonly remote: MqttClient;
  private readonly echoes = new Map<string, number>();

  constructor(private readonly opts: BridgeOptions) {
    this.local = this.side('local', opts.local, opts.rules.filter((r) => r.direction !== 'in').map((r) => ({ filter: filterOf(r.local), qos: r.qos })));
    this.remote = this.side('remote', opts.remote, opts.rules.filter((r) => r.direction !== 'out').map((r) => ({ filter: filterOf(r.remote), qos: r.qos })));
    this.local.on('message', (topic, payload, packet) => this.forward('out', topic, payload, packet.retain));
    this.remote.on('message', (topic, payload, packet) => this.forward('in', topic, payload, packet.retain));
  }

  async close(): Promise<void> {
    await Promise.all([this.local.endAsync(), this.remote.endAsync()]);
    this.set({ local: 'closed', remote: 'closed' });
  }

  private side(name: 'local' | 'remote', ep: BridgeEndpoint, subs: { filter: string; qos: 0 | 1 }[]): MqttClient {
    const backoff = this.opts.backoff ?? { minMs: 1000, maxMs: 60_000 };
    const options: IClientOptions = { clean: true, reconnectPeriod: backoff.minMs, connectTimeout: 10_000 };
    for (const k of ['username', 'password', 'ca', 'cert', 'key'] as const) if (ep[k] !== undefined) options[k] = ep[k];
    const client = mqtt.connect(ep.url, options);
    client.on('connect', () => {
      client.options.reconnectPeriod = backoff.minMs;
      // Connected once the subscriptions are in place: from then on nothing that should cross is missed.
      Promise.all(subs.map((s) => client.subscribeAsync(s.filter, { qos: s.qos }))).then(
        () => this.set({ [name]: 'connected', nextAttempt: { ...this.state.nextAttempt, [name]: null } }),
        (e: Error) => this.set({ lastError: `${name}: subscribe failed: ${e.message}` }),
      );
    });
    client.on('close', () => {
      if (this.state[name] === 'closed') return;
      // mqtt.js has just scheduled the attempt with the period in force; the one after waits twice as long, up to the
      // maximum; a connection resets it.
      const period = client.options.reconnectPeriod ?? backoff.minMs;
      client.options.reconnectPeriod = Math.min(backoff.maxMs, Math.max(backoff.minMs, period * 2));
      this.set({ [name]: 'reconnecting', nextAttempt: { ...this.state.nextAttempt, [name]: Date.now() + period } });
    });
    client.on('error', (e) => this.set({ lastError: `${name}: ${e.message}` }));
    return client;
  }

  private forward(dir: 'out' | 'in', topic: string, payload: Buffer, retain: boolean): void {
    const digest = `${dir === 'out' ? 'in' : 'out'}|${topic}|${createHash('sha1').update(payload).digest('base64')}`;
    const seen = this.echoes.get(digest);
    if (seen) {
      // This is what the bridge itself just sent to this side.
      if (seen === 1) this.echoes.delete(digest);
      else this.echoes.set(digest, seen - 1);
      this.state.echoesSuppressed++;
      return;
    }
    for (const r of this.opts.rules) {
      const [from, to] = dir === 'out' ? [r.local, r.remote] : [r.remote, r.local];
      if ((dir === 'out' && r.direction === 'in') || (dir === 'in' && r.direction === 'out') || !topic.startsWith(from)) continue;
      const target = to + topic.slice(from.length);
      const key = `${dir}|${target}|${createHash('sha1').update(payload).digest('base64')}`;
      if (r.direction === 'both') {
        this.echoes.set(key, (this.echoes.get(key) ?? 0) + 1);
        if (this.echoes.size > ECHO_WINDOW) this.echoes.delete(this.echoes.keys().next().value!);
      }
      (dir === 'out' ? this.remote : this.local).publish(target, payload, { qos: r.qos, retain });
      if (dir === 'out') this.state.forwardedOut++;
      else this.state.forwardedIn++;
      return;
    }
  }

  private set(patch: Partial<BridgeState>): void {
    Object.assign(this.state, patch);
    this.opts.onState?.({ ...this.state });
  }
}
