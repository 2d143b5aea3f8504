import { z } from 'zod';
import { WriteOutcome } from '../schemas/writes';
import { Empty } from './app';
import { BridgeSettings, EdgeSettings, SparkplugSettings, SparkplugStatus } from './sparkplug';

export * from './sparkplug';

export const BrokerListener = z.object({ url: z.string(), host: z.string(), port: z.number().int(), tls: z.boolean(), websocket: z.boolean().default(false) });
export type BrokerListener = z.infer<typeof BrokerListener>;

/** Where the embedded broker stands: its listeners, its user name (never the password) and its load. */
export const BrokerStatus = z.object({
  running: z.boolean(),
  listeners: z.array(BrokerListener),
  username: z.string().nullable(),
  /** The file in the data folder (mode 0600) that holds the password, for --password-file of the CLI. */
  passwordFile: z.string().nullable(),
  clients: z.number().int(),
  /** Messages published through the broker in the last few seconds, per second. */
  messagesPerSecond: z.number(),
  totalMessages: z.number().int(),
  /** What the operator should know about how it listens (a listener reachable from the network). */
  warnings: z.array(z.string()).default([]),
});
export type BrokerStatus = z.infer<typeof BrokerStatus>;

/** One Sparkplug metric as the engine's codec read it; 64-bit values as decimal strings, aliases too. */
export const SparkplugMetricView = z.object({
  name: z.string().nullable(),
  alias: z.string().nullable(),
  datatype: z.string().nullable(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  timestamp: z.number().nullable(),
  units: z.string().nullable(),
});
export type SparkplugMetricView = z.infer<typeof SparkplugMetricView>;

export const SparkplugView = z.object({
  group: z.string(),
  /** NBIRTH, NDATA, NDEATH, NCMD, DBIRTH, DDATA, DDEATH, DCMD. */
  type: z.string(),
  node: z.string(),
  device: z.string().nullable(),
  seq: z.number().int().nullable(),
  timestamp: z.number().nullable(),
  /** The bdSeq metric of an NBIRTH or NDEATH. */
  bdSeq: z.number().int().nullable(),
  metrics: z.array(SparkplugMetricView),
  /** Metrics left out of `metrics` (the cap). */
  moreMetrics: z.number().int(),
  /** Set when the bytes are not a Sparkplug B payload. */
  error: z.string().nullable(),
});
export type SparkplugView = z.infer<typeof SparkplugView>;

export const BrokerMessage = z.object({
  topic: z.string(),
  size: z.number().int(),
  /** Receive time, ms since the epoch. */
  time: z.number(),
  qos: z.number().int(),
  retain: z.boolean(),
  /** UTF-8 payloads (JSON, text) as text, cut at the excerpt length; null for binary and Sparkplug. */
  text: z.string().nullable(),
  truncated: z.boolean(),
  sparkplug: SparkplugView.nullable(),
});
export type BrokerMessage = z.infer<typeof BrokerMessage>;

/** Every message of the last batch in order (a Sparkplug seq check needs them all), and how many the cap dropped. */
export const BrokerMessageBatch = z.object({ messages: z.array(BrokerMessage), dropped: z.number().int() });
export type BrokerMessageBatch = z.infer<typeof BrokerMessageBatch>;

export const BrokerStarted = z.object({
  status: BrokerStatus,
  /** Shown once: the page keeps it only while the operator looks; the engine keeps only the 0600 file. */
  credentials: z.object({ username: z.string(), password: z.string() }),
});
export type BrokerStarted = z.infer<typeof BrokerStarted>;

export const brokerRequests = {
  /** Start the embedded broker on 127.0.0.1 (port 1883 unless told; 0 picks a free one) with generated credentials. */
  'broker.start': {
    input: z.object({
      port: z.number().int().min(0).max(65535).optional(),
      /** MQTT over WebSocket beside it (off unless asked): loopback, unless the network is explicitly allowed. */
      websocket: z.object({ port: z.number().int().min(0).max(65535).default(8083), allowNetwork: z.boolean().default(false) }).optional(),
    }),
    output: BrokerStarted,
  },
  'broker.stop': { input: Empty, output: BrokerStatus },
  'broker.status': { input: Empty, output: BrokerStatus },
  /** The edge node and bridge settings last used on this computer (defaults from the project), never a password. */
  'sparkplug.settings': { input: Empty, output: SparkplugSettings },
  /** Start the app's edge node on the open project (the embedded broker unless a URL is given); settings are kept. */
  'sparkplug.start': { input: z.object({ settings: EdgeSettings, password: z.string().max(1000).optional() }), output: SparkplugStatus },
  'sparkplug.stop': { input: Empty, output: SparkplugStatus },
  'sparkplug.status': { input: Empty, output: SparkplugStatus },
  /** The operator's answer to a DCMD write that was not pre-authorised: confirm sends it, refuse drops it. */
  'sparkplug.command': {
    input: z.object({ ticketId: z.string().min(1).max(64), confirm: z.boolean() }),
    output: z.object({ outcome: WriteOutcome.nullable() }),
  },
  /** Start the bridge between the embedded broker (running) and an upstream broker; settings are kept. */
  'bridge.start': { input: z.object({ settings: BridgeSettings, password: z.string().max(1000).optional() }), output: SparkplugStatus },
  'bridge.stop': { input: Empty, output: SparkplugStatus },
} as const;

export const brokerEvents = {
  'broker.messages': BrokerMessageBatch,
  /** The upstream broker's messages under the bridge's remote prefixes (a read-only subscription). */
  'bridge.messages': BrokerMessageBatch,
} as const;
