import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { BridgeSettings, BridgeStatus } from '../../shared/contract/sparkplug';
import { FieldbenchError } from '../../shared/errors';
import type { SparkplugSettingsStore } from '../sparkplug/settings-store';
import { MqttBridge, type BridgeEndpoint, type BridgeState } from './bridge';
import type { BrokerService } from './broker-service';
import type { MessageFeed } from './message-feed';
import type { PemReader } from '../project/workspace-file';

function filterOf(prefix: string): string {
  return prefix === '' ? '#' : prefix.endsWith('/') ? `${prefix}#` : `${prefix}/#`;
}

/**
 * The app's bridge between the running embedded broker and an upstream one (MqttBridge), and beside it a read-only
 * subscription to the upstream under the rules' remote prefixes, whose messages feed the Broker screen's upstream
 * tree. The upstream password comes from its 0600 file; the embedded broker's login of the moment is used locally.
 */
export class BridgeService {
  private bridge: MqttBridge | null = null;
  private watch: MqttClient | null = null;
  private settings: BridgeSettings | null = null;
  /** The stopped bridge's last state (a running one is read live). */
  private state: BridgeState | null = null;

  constructor(
    private readonly broker: BrokerService,
    private readonly store: SparkplugSettingsStore,
    private readonly project: () => Parameters<SparkplugSettingsStore['save']>[0],
    private readonly upstream: MessageFeed,
    /** The upstream side (re)connected: whatever publishes births locally should send them again for it. */
    /** The CA, client certificate and key files the page names, read from the workspace folder. */
    private readonly readPem: PemReader,
    private readonly upstreamConnected: () => void = () => undefined,
  ) {}

  start(settings: BridgeSettings, password: string | undefined): void {
    if (this.bridge) throw new FieldbenchError('already_exists', `the bridge to ${this.settings!.remoteUrl} runs already; stop it first`);
    const own = this.broker.login();
    if (!own) throw new FieldbenchError('invalid_input', 'the embedded broker is not running: the bridge connects it to the upstream, so start it first');
    const remote: BridgeEndpoint = { url: settings.remoteUrl };
    const pem = (name: string | null, what: string) => (name === null ? undefined : this.readPem(name, what));
    const ca = pem(settings.caFile, 'CA file');
    const cert = pem(settings.certFile, 'client certificate');
    const key = pem(settings.keyFile, 'client key');
    this.store.setPassword('bridge', password);
    this.store.save(this.project(), { bridge: settings });
    if (settings.username !== null) remote.username = settings.username;
    const pw = this.store.password('bridge');
    if (pw !== undefined && settings.username !== null) remote.password = pw;
    if (ca !== undefined) remote.ca = ca;
    if (cert !== undefined) remote.cert = cert;
    if (key !== undefined) remote.key = key;
    this.settings = settings;
    let wasUp = false;
    this.bridge = new MqttBridge({
      local: { url: own.url, username: own.username, password: own.password },
      remote,
      rules: settings.rules,
      backoff: settings.backoff,
      onState: (s) => {
        // Both sides up (and subscribed): from now on what is published locally reaches the upstream.
        const up = s.local === 'connected' && s.remote === 'connected';
        if (up && !wasUp) this.upstreamConnected();
        wasUp = up;
      },
    });
    this.watch = this.watchUpstream(remote, settings);
  }

  /** Read-only: subscribes, never publishes. */
  private watchUpstream(remote: BridgeEndpoint, settings: BridgeSettings): MqttClient {
    const options: IClientOptions = { clean: true, reconnectPeriod: settings.backoff.minMs, connectTimeout: 10_000 };
    for (const k of ['username', 'password', 'ca', 'cert', 'key'] as const) if (remote[k] !== undefined) options[k] = remote[k];
    const client = mqtt.connect(remote.url, options);
    const filters = [...new Set(settings.rules.map((r) => filterOf(r.remote)))];
    client.on('connect', () => client.subscribe(filters, { qos: 0 }));
    client.on('error', () => undefined);
    client.on('message', (topic, payload, packet) => this.upstream.accept({ topic, payload, qos: packet.qos, retain: packet.retain }));
    return client;
  }

  async stop(): Promise<void> {
    const b = this.bridge;
    const w = this.watch;
    this.bridge = null;
    this.watch = null;
    this.upstream.stop();
    await Promise.all([b?.close(), w?.endAsync(true)]);
    if (b) this.state = { ...b.state, nextAttempt: { local: null, remote: null } };
  }

  /** The embedded broker started again with a new login: a running bridge reconnects its local side with it. */
  async brokerStarted(): Promise<void> {
    const s = this.settings;
    if (!this.bridge || !s) return;
    await this.stop();
    this.start(s, undefined);
  }

  status(): BridgeStatus {
    const s = this.bridge?.state ?? this.state;
    const running = this.bridge !== null;
    const next = s ? [s.nextAttempt.local, s.nextAttempt.remote].filter((t): t is number => t !== null) : [];
    return {
      state: !running || !s ? 'stopped' : s.local === 'connected' && s.remote === 'connected' ? 'connected' : s.local === 'reconnecting' || s.remote === 'reconnecting' ? 'reconnecting' : 'connecting',
      local: s?.local ?? 'closed',
      remote: s?.remote ?? 'closed',
      remoteUrl: this.settings?.remoteUrl ?? null,
      nextAttemptAt: running && next.length ? Math.min(...next) : null,
      forwardedOut: s?.forwardedOut ?? 0,
      forwardedIn: s?.forwardedIn ?? 0,
      lastError: s?.lastError ?? null,
    };
  }
}
