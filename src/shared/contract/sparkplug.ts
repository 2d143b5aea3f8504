import { z } from 'zod';
import { WriteTicket } from '../schemas/writes';

const SpId = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => !/[+/#]/.test(s), 'a Sparkplug id holds no + / or #');
const BrokerUrl = z.string().max(500).regex(/^mqtts?:\/\/[^/\s]+$/, 'mqtt://HOST:PORT or mqtts://HOST:PORT');
const FilePath = z.string().min(1).max(1000).nullable().default(null);
const Prefix = z
  .string()
  .max(500)
  .refine((p) => !/[+#]/.test(p), 'a topic prefix has no wildcards');

/**
 * The app's edge node. Kept in the data folder of this computer (not the project): which broker, which login and
 * which tags a host may write belong to the site the computer is on; the password never leaves a 0600 file.
 */
export const EdgeSettings = z.object({
  /** null: the embedded broker, with its login of the moment. */
  brokerUrl: BrokerUrl.nullable().default(null),
  username: z.string().max(200).nullable().default(null),
  /** PEM file of the CA an mqtts:// broker is checked against. */
  caFile: FilePath,
  group: SpId,
  node: SpId,
  primaryHost: SpId.nullable().default(null),
  aliases: z.boolean().default(false),
  badDevice: z.enum(['metrics', 'death']).default('metrics'),
  /** Tag keys a DCMD may write without asking; a DCMD to any other tag waits for the operator's confirmation. */
  writable: z.array(z.string().min(1).max(300)).max(10_000).default([]),
  /** Store-and-forward bound on disk, MiB; when full the oldest readings are dropped (and counted). */
  storeMaxMb: z.number().int().min(1).max(100_000).default(256),
});
export type EdgeSettings = z.infer<typeof EdgeSettings>;

export const BridgeRuleSettings = z.object({
  local: Prefix,
  remote: Prefix,
  direction: z.enum(['out', 'in', 'both']).default('out'),
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
});

export const BridgeSettings = z.object({
  remoteUrl: BrokerUrl,
  username: z.string().max(200).nullable().default(null),
  caFile: FilePath,
  certFile: FilePath,
  keyFile: FilePath,
  rules: z.array(BridgeRuleSettings).min(1).max(100),
  backoff: z.object({ minMs: z.number().int().min(50).max(60_000), maxMs: z.number().int().min(50).max(3_600_000) }).default({ minMs: 1000, maxMs: 60_000 }),
});
export type BridgeSettings = z.infer<typeof BridgeSettings>;

export const SparkplugSettings = z.object({
  edge: EdgeSettings,
  bridge: BridgeSettings.nullable(),
  /** Whether a password is kept (0600, data folder) for the edge node's external broker / the bridge's upstream. */
  edgePassword: z.boolean(),
  bridgePassword: z.boolean(),
});
export type SparkplugSettings = z.infer<typeof SparkplugSettings>;

export const EdgeStatus = z.object({
  state: z.enum(['stopped', 'connecting', 'waiting-host', 'birthing', 'replaying', 'online', 'offline']),
  url: z.string().nullable(),
  group: z.string().nullable(),
  node: z.string().nullable(),
  /** The bdSeq of the current (or last) connection. */
  bdSeq: z.number().int().nullable(),
  connections: z.number().int(),
  births: z.number().int(),
  published: z.number().int(),
  /** Readings put in the store-and-forward queue / replayed from it since start, and held now. */
  stored: z.number().int(),
  replayed: z.number().int(),
  queueDepth: z.number().int(),
  devices: z.number().int(),
  metrics: z.number().int(),
  lastError: z.string().nullable(),
  /** The last lines the edge node logged, newest last. */
  log: z.array(z.string()),
});
export type EdgeStatus = z.infer<typeof EdgeStatus>;

export const BridgeStatus = z.object({
  state: z.enum(['stopped', 'connecting', 'connected', 'reconnecting']),
  local: z.enum(['connecting', 'connected', 'reconnecting', 'closed']),
  remote: z.enum(['connecting', 'connected', 'reconnecting', 'closed']),
  remoteUrl: z.string().nullable(),
  /** When reconnecting: the time (ms since the epoch) of the next attempt. */
  nextAttemptAt: z.number().nullable(),
  forwardedOut: z.number().int(),
  forwardedIn: z.number().int(),
  lastError: z.string().nullable(),
});
export type BridgeStatus = z.infer<typeof BridgeStatus>;

/** A DCMD write waiting for the operator (its tag was not pre-authorised). */
export const PendingCommand = z.object({ ticket: WriteTicket, device: z.string(), metric: z.string(), at: z.number() });
export type PendingCommand = z.infer<typeof PendingCommand>;

export const SparkplugStatus = z.object({ edge: EdgeStatus, bridge: BridgeStatus, pending: z.array(PendingCommand) });
export type SparkplugStatus = z.infer<typeof SparkplugStatus>;
