import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientSession, EndpointDescription, OPCUAClient, UserIdentityInfo } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import type { OpcUaConnection } from '../../shared/project/schema';
import { certificateDer } from './cert-info';
import { fetchEndpoints } from './discovery';
import type { OpcUaEnvironment } from './environment';
import { OpcUaClientRejectedError, opcuaError } from './errors';
import { opcua, type OpcUa } from './lib';
import { readLimits, type OperationLimits } from './limits';
import { OpcUaPki } from './pki';
import { DEPRECATED_POLICIES, policyName, securityModeName, securityModeNumber, policyUri } from './security';

export type SessionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'error';
export type StateListener = (state: SessionState, detail: string | undefined) => void;

/** How a session waits between reconnection attempts: node-opcua doubles the delay from the first to the last. */
export const RECONNECT = { initialDelay: 1000, maxDelay: 20_000 };

/** Reject when `p` takes longer than `ms`, naming what was waited for. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FieldbenchError('timeout', `${what}: no answer in ${ms} ms`)), ms);
    }),
  ]);
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();

/**
 * One session to the server of an OPC UA connection: endpoint, security mode and policy, identity (the password from
 * the secret store), session timeout and keep-alive. node-opcua repairs a broken connection with backoff, reactivates
 * or recreates the session and transfers or recreates its subscriptions; the state of all that is reported to
 * listeners. An untrusted server certificate is refused with a typed error before anything is sent under security.
 */
export class OpcUaSession {
  private static readonly live = new Set<OpcUaSession>();
  private client: OPCUAClient | null = null;
  private session: ClientSession | null = null;
  private opening: Promise<ClientSession> | null = null;
  private limitsCache: Promise<OperationLimits> | null = null;
  private closed = false;
  private stateNow: SessionState = 'idle';
  private detailNow: string | undefined;
  private readonly stateListeners = new Set<StateListener>();
  private readonly lostListeners = new Set<() => void>();
  private readonly restoredListeners = new Set<() => void>();

  constructor(
    readonly connection: OpcUaConnection,
    private readonly env: OpcUaEnvironment,
  ) {}

  get url(): string {
    return this.connection.endpointUrl;
  }

  get state(): SessionState {
    return this.stateNow;
  }

  get detail(): string | undefined {
    return this.detailNow;
  }

  onState(l: StateListener): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  /** The connection broke: values are stale until it is restored. */
  onLost(l: () => void): () => void {
    this.lostListeners.add(l);
    return () => this.lostListeners.delete(l);
  }

  /** The connection, session and subscriptions are back after a break. */
  onRestored(l: () => void): () => void {
    this.restoredListeners.add(l);
    return () => this.restoredListeners.delete(l);
  }

  private setState(state: SessionState, detail?: string): void {
    if (state === this.stateNow && detail === this.detailNow) return;
    this.stateNow = state;
    this.detailNow = detail;
    for (const l of this.stateListeners) l(state, detail);
  }

  /** The session, opened on first use. A failed opening is not remembered: the next call tries again. */
  open(): Promise<ClientSession> {
    if (this.closed) return Promise.reject(new FieldbenchError('cancelled', `the session to ${this.url} is closed`));
    if (this.session) return Promise.resolve(this.session);
    this.opening ??= this.connect().finally(() => (this.opening = null));
    return this.opening;
  }

  /** The server's operation limits (nodes per Read, Browse, Write, monitored items per call), read once per session. */
  limits(): Promise<OperationLimits> {
    this.limitsCache ??= this.open().then((s) => readLimits(s));
    return this.limitsCache;
  }

  private async connect(): Promise<ClientSession> {
    const ua = await opcua();
    const c = this.connection;
    this.setState('connecting', `connecting to ${this.url}`);
    try {
      const pki = await OpcUaPki.open(this.env.dataDir, { watch: this.env.watchPki });
      const serverCertificate = await this.checkedServerCertificate(pki);
      const identity = await this.identity(ua);
      const client = ua.OPCUAClient.create({
        applicationName: 'Fieldbench',
        applicationUri: pki.own.applicationUri,
        clientName: `Fieldbench ${c.name}`,
        clientCertificateManager: pki.manager,
        certificateFile: pki.own.certificateFile,
        privateKeyFile: pki.own.privateKeyFile,
        securityMode: securityModeNumber(c.securityMode),
        securityPolicy: c.securityPolicy === 'None' ? policyUri('None') : policyUri(c.securityPolicy),
        ...(serverCertificate ? { serverCertificate } : {}),
        endpointMustExist: false,
        requestedSessionTimeout: c.sessionTimeoutMs,
        keepSessionAlive: true,
        keepAliveInterval: Math.min(10_000, Math.floor(c.sessionTimeoutMs / 3)),
        defaultTransactionTimeout: c.requestTimeoutMs,
        // The first connection: one retry, then the caller decides (the acquisition retries with its own backoff).
        // A broken connection is repaired with this backoff for as long as it takes.
        connectionStrategy: { maxRetry: 1, initialDelay: RECONNECT.initialDelay, maxDelay: RECONNECT.maxDelay, randomisationFactor: 0.2 },
      });
      this.client = client;
      try {
        await withTimeout(client.connect(this.url), c.requestTimeoutMs * 3, `connect to ${this.url}`);
      } catch (err) {
        await client.disconnect().catch(() => undefined);
        this.client = null;
        if (c.securityMode !== 'None' && /rejected by server|disconnected by third party|BadCertificate|BadSecurityChecksFailed/.test(String((err as Error)?.message))) {
          throw new OpcUaClientRejectedError(
            this.url,
            pki.own.info.thumbprint,
            `the server at ${this.url} closed the secure channel (${c.securityMode}, ${c.securityPolicy}): it most likely does not trust Fieldbench's certificate yet. Add it to the server's trusted list: ${pki.own.certificateFile} (thumbprint ${pki.own.info.thumbprint}, application URI ${pki.own.applicationUri})`,
          );
        }
        throw opcuaError(err, `connect to ${this.url}`);
      }
      let session: ClientSession;
      try {
        session = await withTimeout(client.createSession(identity), c.requestTimeoutMs * 2, `open a session on ${this.url}`);
      } catch (err) {
        await client.disconnect().catch(() => undefined);
        this.client = null;
        const who = c.identity.kind === 'username' ? ` as user "${c.identity.userName}"` : c.identity.kind === 'certificate' ? ` with user certificate ${c.identity.certificate}` : ' anonymously';
        throw opcuaError(err, `open a session${who} on ${this.url}`);
      }
      if (this.closed) {
        await session.close().catch(() => undefined);
        await client.disconnect().catch(() => undefined);
        throw new FieldbenchError('cancelled', `the session to ${this.url} was closed while it opened`);
      }
      this.watch(client, session);
      this.session = session;
      OpcUaSession.live.add(this);
      // A deprecated policy is allowed (old plant servers offer nothing else) but said plainly every time.
      const deprecated = DEPRECATED_POLICIES.has(c.securityPolicy) ? ` · WARNING: ${c.securityPolicy} is deprecated since OPC UA 1.04 (SHA-1): prefer Basic256Sha256 or newer` : '';
      this.setState('connected', `${c.securityMode}${c.securityMode === 'None' ? '' : ` ${c.securityPolicy}`}, session timeout ${Math.round(session.timeout / 1000)} s${deprecated}`);
      return session;
    } catch (err) {
      const e = opcuaError(err, `connect to ${this.url}`);
      this.setState('error', e.message);
      throw e;
    }
  }

  /** Under security: the endpoint that matches the connection, and its certificate if (and only if) we trust it. */
  private async checkedServerCertificate(pki: OpcUaPki): Promise<Buffer | undefined> {
    const c = this.connection;
    if (c.securityMode === 'None') {
      if (c.securityPolicy !== 'None') throw new FieldbenchError('invalid_input', `security mode None goes with policy None, not ${c.securityPolicy}`);
      return undefined;
    }
    if (c.securityPolicy === 'None') throw new FieldbenchError('invalid_input', `security mode ${c.securityMode} needs a policy such as Basic256Sha256`);
    const endpoints: EndpointDescription[] = await fetchEndpoints(this.url, pki, c.requestTimeoutMs);
    const mode = securityModeNumber(c.securityMode);
    const ep = endpoints.find((e) => e.securityMode === mode && policyName(e.securityPolicyUri) === c.securityPolicy);
    if (!ep) {
      const offered = [...new Set(endpoints.map((e) => `${securityModeName(e.securityMode)}/${policyName(e.securityPolicyUri)}`))].join(', ');
      throw new FieldbenchError('unsupported', `the server at ${this.url} has no ${c.securityMode} endpoint with policy ${c.securityPolicy}; it offers ${offered || 'no endpoints'}`);
    }
    if (!ep.serverCertificate?.length) throw new FieldbenchError('protocol_error', `the ${c.securityMode} endpoint of ${this.url} carries no server certificate`);
    const der = certificateDer(ep.serverCertificate);
    await pki.checkServer(der, this.url, ep.server?.applicationUri ?? null, this.env.trustServer);
    return ep.serverCertificate;
  }

  private async identity(ua: OpcUa): Promise<UserIdentityInfo> {
    const id = this.connection.identity;
    if (id.kind === 'anonymous') return { type: ua.UserTokenType.Anonymous };
    if (id.kind === 'username') {
      const password = await this.env.secrets.password(this.connection.id);
      if (password === null) throw new FieldbenchError('invalid_input', `no password is stored for user "${id.userName}" of connection "${this.connection.name}"`);
      return { type: ua.UserTokenType.UserName, userName: id.userName, password };
    }
    // An X.509 user certificate in the data folder's user PKI: <name> (PEM or DER) and its key <name>.key (PEM).
    const dir = path.join(this.env.dataDir, 'pki', 'user');
    const certFile = path.join(dir, id.certificate);
    let certificateData: Buffer;
    let privateKey: string;
    try {
      certificateData = certificateDer(await readFile(certFile));
      privateKey = await readFile(`${certFile}.key`, 'utf8');
    } catch (err) {
      throw new FieldbenchError('not_found', `user certificate ${certFile} (with its key ${certFile}.key): ${firstLine(err)}`);
    }
    return { type: ua.UserTokenType.Certificate, certificateData, privateKey };
  }

  private watch(client: OPCUAClient, session: ClientSession): void {
    const lost = () => {
      if (this.closed) return;
      this.setState('disconnected', `connection to ${this.url} lost; reconnecting`);
      for (const l of this.lostListeners) l();
    };
    const restored = () => {
      if (this.closed) return;
      this.setState('connected', `reconnected to ${this.url}`);
      for (const l of this.restoredListeners) l();
    };
    client.on('connection_lost', lost);
    client.on('start_reconnection', () => !this.closed && this.stateNow !== 'disconnected' && lost());
    client.on('reconnection_attempt_has_failed', (err) => !this.closed && this.setState('disconnected', `reconnecting to ${this.url}: ${firstLine(err)}`));
    client.on('connection_reestablished', restored);
    session.on('session_restored', restored);
    session.on('session_closed', (status) => {
      if (!this.closed) this.setState('error', `the server closed the session (${status.name})`);
    });
  }

  private closing: Promise<void> | null = null;

  /** Close the session and the connection; a session stays closed. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    const pending = this.opening;
    if (pending) await pending.catch(() => undefined);
    const { session, client } = this;
    this.session = null;
    this.client = null;
    if (session) await withTimeout(session.close(true), 3000, 'close the session').catch(() => undefined);
    if (client) await withTimeout(client.disconnect(), 3000, 'disconnect').catch(() => undefined);
    OpcUaSession.live.delete(this);
    this.setState('idle', 'closed');
  }

  /** Close every open session of this process (a test's teardown, a host shutting down). */
  static async closeAll(): Promise<void> {
    await Promise.all([...OpcUaSession.live].map((s) => s.close()));
  }
}
