import { z } from 'zod';
import { CipRoutePath, Connection, Device, DisplayName, Host, Id, Port } from '../project/schema';

/** What one EtherNet/IP device says of itself in a List Identity reply, with its vendor and device type named. */
export const CipIdentityCard = z.object({
  vendorId: z.number(),
  vendor: z.string(),
  deviceType: z.number(),
  deviceTypeName: z.string(),
  productCode: z.number(),
  productName: z.string(),
  /** "33.11": major.minor. */
  revision: z.string(),
  /** Eight hexadecimal digits. */
  serialNumber: z.string(),
  /** The Identity object's status word. */
  status: z.number(),
  /** The state byte (3: operational); 255 when the reply has none. */
  state: z.number(),
  /** The socket address the device reports for itself. */
  ip: z.string(),
  port: z.number(),
  /** Where the reply came from, host:port. */
  from: z.string(),
});
export type CipIdentityCard = z.infer<typeof CipIdentityCard>;

export const CipEndpoint = z.object({ host: Host, port: Port.default(44818) });

/** List Identity over UDP to the address typed: one device, or every device of a subnet when it is a broadcast address. */
export const CipDiscoverInput = z.object({ address: Host, port: Port.default(44818), timeoutMs: z.number().int().min(200).max(10_000).default(2000) });

export const AddCipDeviceInput = z.object({
  name: DisplayName,
  host: Host,
  port: Port.default(44818),
  /** Backplane port and slot ("1,0"); empty for a Micro800. */
  routePath: CipRoutePath.default('1,0'),
  /** Open a connection and read the Identity object first: a refusal is reported and nothing is added. */
  check: z.boolean().default(true),
});
export type AddCipDeviceInput = z.input<typeof AddCipDeviceInput>;

/** One line of a controller's tag list: a tag, or a member of a UDT tag (name "Tag.Member.Inner"). */
export const CipTagRow = z.object({
  /** "Tag", "Program:Main.Tag", "Tag.Member". */
  name: z.string(),
  /** DINT, REAL, STRING, a UDT's name. */
  dataType: z.string(),
  /** Array dimensions; [] for a scalar. */
  dims: z.array(z.number()),
  /** "controller" or the program's name. */
  scope: z.string(),
  /** A member of a UDT rather than a tag of its own. */
  member: z.boolean(),
  /** The UDT's name, for a structure (a tag or member with members of its own). */
  udt: z.string().optional(),
});
export type CipTagRow = z.infer<typeof CipTagRow>;

/** The class 3 connection to a controller, for its badge: what the engine's session is doing now. */
export const CipLink = z.object({
  state: z.enum(['idle', 'connecting', 'connected', 'disconnected', 'error']),
  address: z.string(),
  routePath: z.string(),
  /** The Register Session handle while a session is registered. */
  sessionHandle: z.number().nullable(),
  /** Large or classic Forward Open, and the connection size in bytes, while connected. */
  large: z.boolean().nullable(),
  connectionSize: z.number().nullable(),
  /** Why the last attempt failed or the connection dropped (the CIP status named); null while all is well. */
  lastError: z.string().nullable(),
  /** When the engine dials again after a failure (epoch ms); null when no back-off is running. */
  nextAttemptAt: z.number().nullable(),
  failures: z.number(),
});
export type CipLink = z.infer<typeof CipLink>;

export const cipRequests = {
  /** List Identity to the one address typed (TCP, then UDP): the identity of the device there. */
  'cip.identify': { input: CipEndpoint, output: CipIdentityCard },
  /** Every device that answers a UDP List Identity to the address typed within the time-out (none is no error). */
  'cip.discover': { input: CipDiscoverInput, output: z.object({ devices: z.array(CipIdentityCard) }) },
  'devices.addCip': { input: AddCipDeviceInput, output: z.object({ device: Device, connection: Connection }) },
  /** The controller's tag list: controller and program scope, arrays with dimensions, UDT members expanded. */
  'cip.tags': { input: z.object({ deviceId: Id }), output: z.object({ tags: z.array(CipTagRow) }) },
  /** The state of the engine's connection to a controller (nothing is sent: a badge polls it). */
  'cip.link': { input: z.object({ deviceId: Id }), output: CipLink },
} as const;
