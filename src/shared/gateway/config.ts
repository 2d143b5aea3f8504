import { z } from 'zod';
import { Connection, Device, DisplayName, Id, OpcUaSecurityMode, Port, TagMap } from '../project/schema';
import { checkGatewayConfig } from './config-checks';

/**
 * The headless gateway's configuration (gateway.json): one versioned document, validated here before anything
 * connects. Southbound it carries the project's own connections, devices and tag maps (the project v3 schemas, not
 * copies); the rest says how the gateway runs them at the edge. Never a secret: credentials are files it names.
 */
export const GATEWAY_CONFIG_VERSION = 1;

/** A file the gateway reads (a password, a CA, a certificate): absolute, or relative to gateway.json's folder. */
export const FileRef = z
  .string()
  .trim()
  .min(1, 'a file path is required')
  .max(1000)
  .refine((p) => !p.includes('\u0000'), 'a file path cannot hold a NUL');

/** A port to listen on; 0 picks a free one (said in the log). */
export const ListenPort = z.number().int().min(0).max(65535);

/** A named scan class: every tag's scanClassMs must be one of these, so nothing polls faster than configured. */
export const ScanClass = z.strictObject({ name: z.string().trim().min(1).max(64), intervalMs: z.number().int().min(50).max(3_600_000) });

/** A login from files: the user name, and the file that holds the password (mode 0600 on the edge device). */
export const CredentialFiles = z.strictObject({ username: z.string().trim().min(1).max(200), passwordFile: FileRef });

export const BrokerTls = z.strictObject({
  /** The CA that signed the broker's certificate. */
  ca: FileRef,
  /** A client certificate and its key, for brokers that ask for one. */
  cert: FileRef.optional(),
  key: FileRef.optional(),
});

/**
 * A TLS listener for the embedded broker, beside its plain one: the gateway's certificate and key, and the CA that
 * signed it (the edge node itself connects over TLS with it, so a certificate that does not chain fails at start).
 */
export const EmbeddedBrokerTls = z.strictObject({ port: ListenPort.default(8883), cert: FileRef, key: FileRef, ca: FileRef });

/** The embedded MQTT broker (aedes) on loopback, or an upstream broker by URL. */
export const Broker = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded'), port: ListenPort.default(1883), tls: EmbeddedBrokerTls.optional() }),
  z.strictObject({ kind: z.literal('url'), url: z.string().trim().max(500).regex(/^mqtts?:\/\/[^/\s@]+$/, 'a broker URL is mqtt://HOST:PORT or mqtts://HOST:PORT (a login goes in northbound.credentials)') }),
]);

const SparkplugId = z.string().min(1).max(64).regex(/^[^+/#]+$/, 'a Sparkplug id cannot contain +, / or #');

export const Northbound = z.strictObject({
  broker: Broker.default({ kind: 'embedded', port: 1883 }),
  group: SparkplugId,
  node: SparkplugId,
  /** Publish only while this primary host application's STATE says online. */
  primaryHost: SparkplugId.optional(),
  tls: BrokerTls.optional(),
  credentials: CredentialFiles.optional(),
  badDevice: z.enum(['metrics', 'death']).default('metrics'),
  aliases: z.boolean().default(false),
});

export const Store = z.strictObject({
  /** Store-and-forward folder (also bdSeq): absolute, or relative to gateway.json's folder. */
  dir: FileRef.default('store'),
  maxMb: z.number().int().min(1).max(1_000_000).default(256),
});

/** What the watchdog writes its heartbeat to: a read-write tag of the config, or a holding register of a Modbus device. */
export const WatchdogTarget = z.union([
  z.strictObject({ tagKey: z.string().min(3).max(300) }),
  z.strictObject({ deviceId: Id, register: z.number().int().min(0).max(65535) }),
]);

export const Watchdog = z.strictObject({
  target: WatchdogTarget,
  intervalMs: z.number().int().min(1000).max(3_600_000).default(5000),
  /** The heartbeat writes without an operator there to confirm them: the config must say so, in so many words. */
  preAuthorised: z.literal(true, 'the watchdog writes with no operator to confirm: set preAuthorised to true to authorise it'),
});

export const Writes = z.strictObject({
  /** Tag keys ("<mapId>/<tag name>") a Sparkplug DCMD may write, through the one audited write path. */
  authorised: z.array(z.string().min(3).max(300)).default([]),
});

export const Health = z.strictObject({
  port: ListenPort.default(8787),
  host: z.string().trim().min(1).max(253).default('127.0.0.1'),
  /** Listen on a non-loopback address: only when this says so explicitly. */
  allowNetwork: z.boolean().default(false),
});

/**
 * The northbound OPC UA server: every tag a variable under its tag path, engineering units, quality as StatusCode and
 * the source timestamp kept. Read-only. Loopback unless allowNetwork; anonymous only when the config says so.
 */
export const OpcUaServer = z.strictObject({
  port: Port.default(4840),
  host: z.string().trim().min(1).max(253).default('127.0.0.1'),
  allowNetwork: z.boolean().default(false),
  securityModes: z.array(OpcUaSecurityMode).min(1).default(['SignAndEncrypt']),
  allowAnonymous: z.boolean().default(false),
  /** The one user a client logs in as, its password in a file. */
  user: CredentialFiles.optional(),
  /** The server's application instance certificate and key (e.g. issued by the bundle's CA); absent: self-signed, made on first start. */
  certificate: z.strictObject({ cert: FileRef, key: FileRef }).optional(),
});

export const GatewayConfig = z
  .strictObject({
    version: z.literal(GATEWAY_CONFIG_VERSION),
    name: DisplayName,
    connections: z.array(Connection).min(1, 'a gateway needs at least one connection'),
    devices: z.array(Device).min(1, 'a gateway needs at least one device'),
    tagMaps: z.array(TagMap).min(1, 'a gateway needs at least one tag map'),
    scanClasses: z.array(ScanClass).min(1, 'name at least one scan class'),
    northbound: Northbound,
    store: Store.default({ dir: 'store', maxMb: 256 }),
    opcuaServer: OpcUaServer.optional(),
    watchdog: Watchdog.optional(),
    writes: Writes.default({ authorised: [] }),
    health: Health.default({ port: 8787, host: '127.0.0.1', allowNetwork: false }),
  })
  .superRefine(checkGatewayConfig);
export type GatewayConfig = z.infer<typeof GatewayConfig>;
export type GatewayConfigInput = z.input<typeof GatewayConfig>;

