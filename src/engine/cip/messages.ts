import { classInstancePath, encodeRoutePath } from './epath';
import type { CipStatus } from './status';

/** CIP services Fieldbench sends. */
export const SERVICE = {
  GET_ATTRIBUTE_ALL: 0x01,
  GET_ATTRIBUTE_LIST: 0x03,
  MULTIPLE_SERVICE_PACKET: 0x0a,
  GET_ATTRIBUTE_SINGLE: 0x0e,
  READ_TAG: 0x4c,
  WRITE_TAG: 0x4d,
  FORWARD_CLOSE: 0x4e,
  /** Read-Modify-Write Tag: the same code as Forward Close, on a tag instead of the Connection Manager. */
  READ_MODIFY_WRITE_TAG: 0x4e,
  READ_TAG_FRAGMENTED: 0x52,
  FORWARD_OPEN: 0x54,
  GET_INSTANCE_ATTRIBUTE_LIST: 0x55,
  LARGE_FORWARD_OPEN: 0x5b,
} as const;

/** The Message Router (class 2, instance 1): where Multiple Service Packet goes. */
export const MESSAGE_ROUTER_PATH = classInstancePath(0x02, 1);
const CONNECTION_MANAGER_PATH = classInstancePath(0x06, 1);

export function encodeRequest(service: number, path: Buffer, data: Buffer = Buffer.alloc(0)): Buffer {
  if (path.length % 2) throw new Error('a request path is whole words');
  return Buffer.concat([Buffer.from([service, path.length / 2]), path, data]);
}

export interface CipRequest {
  service: number;
  path: Buffer;
  data: Buffer;
}

export function decodeRequest(buf: Buffer): CipRequest {
  if (buf.length < 2) throw new Error('truncated request');
  const words = buf[1]!;
  if (buf.length < 2 + words * 2) throw new Error('request path beyond the message');
  return { service: buf[0]!, path: buf.subarray(2, 2 + words * 2), data: buf.subarray(2 + words * 2) };
}

export interface CipReply extends CipStatus {
  service: number;
  data: Buffer;
}

/** A reply's service, general and extended status and data; throws on one too short to hold its header. */
export function decodeReply(buf: Buffer): CipReply {
  if (buf.length < 4) throw new Error(`reply of ${buf.length} bytes is shorter than a CIP reply header`);
  const extWords = buf[3]!;
  if (buf.length < 4 + extWords * 2) throw new Error('reply ends inside its extended status');
  const extended: number[] = [];
  for (let i = 0; i < extWords; i++) extended.push(buf.readUInt16LE(4 + i * 2));
  return { service: buf[0]!, general: buf[2]!, extended, data: buf.subarray(4 + extWords * 2) };
}

export function encodeReply(service: number, general: number, data: Buffer = Buffer.alloc(0), extended: number[] = []): Buffer {
  const h = Buffer.alloc(4 + extended.length * 2);
  h[0] = service | 0x80;
  h[2] = general;
  h[3] = extended.length;
  extended.forEach((e, i) => h.writeUInt16LE(e, 4 + i * 2));
  return Buffer.concat([h, data]);
}

/** Several requests in one Multiple Service Packet to the Message Router. */
export function encodeMultiple(requests: Buffer[]): Buffer {
  const head = Buffer.alloc(2 + requests.length * 2);
  head.writeUInt16LE(requests.length, 0);
  let offset = head.length;
  requests.forEach((r, i) => {
    head.writeUInt16LE(offset, 2 + i * 2);
    offset += r.length;
  });
  return encodeRequest(SERVICE.MULTIPLE_SERVICE_PACKET, MESSAGE_ROUTER_PATH, Buffer.concat([head, ...requests]));
}

/** The embedded messages of a Multiple Service Packet's data (its request or its reply). */
export function splitMultiple(data: Buffer): Buffer[] {
  if (data.length < 2) throw new Error('Multiple Service Packet without a count');
  const n = data.readUInt16LE(0);
  if (data.length < 2 + n * 2) throw new Error('Multiple Service Packet ends inside its offsets');
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(data.readUInt16LE(2 + i * 2));
  return offsets.map((start, i) => {
    const end = i + 1 < n ? offsets[i + 1]! : data.length;
    if (start < 2 + n * 2 || end > data.length || end < start) throw new Error(`Multiple Service Packet offset ${start} out of bounds`);
    return data.subarray(start, end);
  });
}

export interface ForwardOpenParams {
  large: boolean;
  connectionSize: number;
  routePath: string;
  /** Our T->O connection id, and the serial that names this connection. */
  toConnectionId: number;
  connectionSerial: number;
  originatorSerial: number;
  rpiUs?: number;
}

export const VENDOR_ID = 0x1337;

/** Forward Open (or Large Forward Open) of a class 3 connection to the Message Router through the route path. */
export function encodeForwardOpen(p: ForwardOpenParams): Buffer {
  const route = encodeRoutePath(p.routePath);
  const connPath = Buffer.concat([route, MESSAGE_ROUTER_PATH]);
  const paramSize = p.large ? 4 : 2;
  const b = Buffer.alloc(32 + paramSize * 2 + connPath.length);
  let at = 0;
  b[at++] = 0x0a; // priority/time tick
  b[at++] = 0x0e; // time-out ticks
  b.writeUInt32LE(0, at); // O->T connection id: the target picks it
  b.writeUInt32LE(p.toConnectionId >>> 0, at + 4);
  b.writeUInt16LE(p.connectionSerial, at + 8);
  b.writeUInt16LE(VENDOR_ID, at + 10);
  b.writeUInt32LE(p.originatorSerial >>> 0, at + 12);
  at += 16;
  b[at] = 3; // time-out multiplier x32
  at += 4;
  const rpi = p.rpiUs ?? 2_000_000;
  // Point-to-point, low priority, variable size.
  const params = (p.large ? 0x42000000 : 0x4200) | p.connectionSize;
  for (let i = 0; i < 2; i++) {
    b.writeUInt32LE(rpi, at);
    at += 4;
    if (p.large) b.writeUInt32LE(params >>> 0, at);
    else b.writeUInt16LE(params, at);
    at += paramSize;
  }
  b[at++] = 0xa3; // server, application trigger, class 3
  b[at++] = connPath.length / 2;
  connPath.copy(b, at);
  return encodeRequest(p.large ? SERVICE.LARGE_FORWARD_OPEN : SERVICE.FORWARD_OPEN, CONNECTION_MANAGER_PATH, b);
}

/** The O->T connection id the target chose, from a Forward Open reply's data. */
export function decodeForwardOpenReply(data: Buffer): { otConnectionId: number; toConnectionId: number } {
  if (data.length < 8) throw new Error('Forward Open reply without connection ids');
  return { otConnectionId: data.readUInt32LE(0), toConnectionId: data.readUInt32LE(4) };
}

export function encodeForwardClose(p: Pick<ForwardOpenParams, 'routePath' | 'connectionSerial' | 'originatorSerial'>): Buffer {
  const connPath = Buffer.concat([encodeRoutePath(p.routePath), MESSAGE_ROUTER_PATH]);
  const b = Buffer.alloc(12 + connPath.length);
  b[0] = 0x0a;
  b[1] = 0x0e;
  b.writeUInt16LE(p.connectionSerial, 2);
  b.writeUInt16LE(VENDOR_ID, 4);
  b.writeUInt32LE(p.originatorSerial >>> 0, 6);
  b[10] = connPath.length / 2;
  connPath.copy(b, 12);
  return encodeRequest(SERVICE.FORWARD_CLOSE, CONNECTION_MANAGER_PATH, b);
}
