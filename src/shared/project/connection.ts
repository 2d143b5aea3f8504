import { z } from 'zod';
import { DisplayName, Host, Id, Port, Retries, TimeoutMs } from './fields';

/**
 * Where a device is reached, one kind per protocol and framing. Several devices may share one connection (unit ids
 * behind one Modbus gateway, on one RS-485 bus), and so one request queue. Never a secret: passwords stay in the OS
 * secret store or the data folder, keyed by connection id.
 */

export const TcpConnection = z.object({
  kind: z.literal('tcp'),
  id: Id,
  name: DisplayName,
  host: Host,
  port: Port.default(502),
  timeoutMs: TimeoutMs.default(1000),
  /** Transactions in flight on the connection, matched by transaction id. Most devices want 1. */
  maxInFlight: z.number().int().min(1).max(16).default(1),
});
export type TcpConnection = z.infer<typeof TcpConnection>;

export const SerialPath = z
  .string()
  .trim()
  .min(1, 'a serial port is required')
  .max(200)
  .regex(/^(COM\d{1,3}|\\\\\.\\COM\d{1,3}|\/dev\/[A-Za-z0-9._/-]+|\/tmp\/[A-Za-z0-9._/-]+)$/, 'a serial port is COM3 on Windows or /dev/ttyUSB0 on Linux')
  .refine((p) => !p.includes('..'), 'a serial port path cannot contain ".."');
export const Parity = z.enum(['none', 'even', 'odd']);
export const Baud = z.number().int().min(300).max(921600);

/** Settings of one RS-485 bus. Every device on it shares one queue: one master per bus. */
export const SerialLine = z.object({
  path: SerialPath,
  baud: Baud.default(19200),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  /** The Modbus spec's default line is 8E1. */
  parity: Parity.default('even'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Drive RTS while sending, for adapters without automatic direction control. */
  rtsToggle: z.boolean().default(false),
  /**
   * The adapter hands back what it sends (2-wire RS-485 without echo suppression). Echoes of reads and multi-register
   * writes are recognised anyway; for writes of one coil or register the echo and the answer are the same bytes, so
   * only this setting tells them apart.
   */
  echo: z.boolean().default(false),
});
export type SerialLine = z.infer<typeof SerialLine>;

export const RtuTiming = z.object({
  timeoutMs: TimeoutMs.default(1000),
  retries: Retries.default(1),
  /** Pause after a broadcast (unit 0), which nobody answers. */
  turnaroundMs: z.number().int().min(0).max(10000).default(100),
});

export const RtuConnection = z.object({ kind: z.literal('rtu'), id: Id, name: DisplayName, ...SerialLine.shape, ...RtuTiming.shape });
export type RtuConnection = z.infer<typeof RtuConnection>;

/** RTU frames over TCP to a serial device server (transparent mode). */
export const RtuOverTcpConnection = z.object({ kind: z.literal('rtu-over-tcp'), id: Id, name: DisplayName, host: Host, port: Port.default(4001), ...RtuTiming.shape });
export type RtuOverTcpConnection = z.infer<typeof RtuOverTcpConnection>;

export const OpcUaSecurityMode = z.enum(['None', 'Sign', 'SignAndEncrypt']);
export const OpcUaSecurityPolicy = z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'Basic128Rsa15', 'Basic256']);
/** Who the session logs in as. A password is never here: the secret store keeps it, keyed by the connection id. */
export const OpcUaIdentity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({ kind: z.literal('username'), userName: z.string().trim().min(1, 'a user name is required').max(200) }),
  /** An X.509 user certificate, by its file name in the data folder's user PKI. */
  z.object({ kind: z.literal('certificate'), certificate: z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9 _.-]+$/, 'a certificate file name, not a path') }),
]);
export const OpcUaConnection = z.object({
  kind: z.literal('opcua'),
  id: Id,
  name: DisplayName,
  endpointUrl: z.string().trim().max(500).regex(/^opc\.tcp:\/\/[^\s/]+(\/\S*)?$/, 'an OPC UA endpoint is opc.tcp://host:port[/path]'),
  securityMode: OpcUaSecurityMode.default('None'),
  securityPolicy: OpcUaSecurityPolicy.default('None'),
  identity: OpcUaIdentity.default({ kind: 'anonymous' }),
  /** Well above 30 s: a session that times out during a pause in a site visit loses its subscriptions. */
  sessionTimeoutMs: z.number().int().min(10_000).max(3_600_000).default(120_000),
  requestTimeoutMs: TimeoutMs.default(10_000),
});
export type OpcUaConnection = z.infer<typeof OpcUaConnection>;

/** A Logix route path: port,link pairs such as "1,0" (backplane, slot 0); empty for a Micro800, which takes none. */
export const CipRoutePath = z.string().trim().max(100).regex(/^(\d{1,3}(,\d{1,3})*)?$/, 'a route path is numbers separated by commas, such as 1,0');
export const CipConnection = z.object({
  kind: z.literal('cip'),
  id: Id,
  name: DisplayName,
  host: Host,
  port: Port.default(44818),
  routePath: CipRoutePath.default('1,0'),
  timeoutMs: TimeoutMs.default(3000),
});
export type CipConnection = z.infer<typeof CipConnection>;

export const Connection = z.discriminatedUnion('kind', [TcpConnection, RtuConnection, RtuOverTcpConnection, OpcUaConnection, CipConnection]);
export type Connection = z.infer<typeof Connection>;
export type ModbusConnection = TcpConnection | RtuConnection | RtuOverTcpConnection;

export type Protocol = 'modbus' | 'opcua' | 'cip';

/** The protocol a connection speaks. */
export function protocolOf(c: Pick<Connection, 'kind'>): Protocol {
  return c.kind === 'opcua' ? 'opcua' : c.kind === 'cip' ? 'cip' : 'modbus';
}

export function isModbusConnection(c: Connection): c is ModbusConnection {
  return protocolOf(c) === 'modbus';
}
