import dgram from 'node:dgram';
import net from 'node:net';
import { FieldbenchError } from '../../shared/errors';
import { CPF, ENCAP, decodeCpf, decodeEncap, encodeCpf, encodeEncap } from './encap';

/** What a device says of itself in a List Identity reply (Identity object attributes plus its socket address). */
export interface CipIdentity {
  vendorId: number;
  deviceType: number;
  productCode: number;
  revision: string;
  status: number;
  serialNumber: string;
  productName: string;
  state: number;
  /** The address the device reports in its reply. */
  ip: string;
  port: number;
  /** Where the reply came from. */
  from: string;
}

const VENDORS: Record<number, string> = { 1: 'Rockwell Automation/Allen-Bradley', 0x1337: 'Fieldbench (simulator)' };
const DEVICE_TYPES: Record<number, string> = { 0x0c: 'communications adapter', 0x0e: 'programmable logic controller', 0x2b: 'generic device' };

export const vendorName = (id: number) => VENDORS[id] ?? `vendor ${id}`;
export const deviceTypeName = (t: number) => DEVICE_TYPES[t] ?? `device type 0x${t.toString(16)}`;

export function encodeIdentityItem(id: Omit<CipIdentity, 'from'>): Buffer {
  const name = Buffer.from(id.productName, 'latin1');
  const b = Buffer.alloc(2 + 16 + 2 + 2 + 2 + 2 + 2 + 4 + 1 + name.length + 1);
  let at = 0;
  b.writeUInt16LE(1, at);
  at += 2;
  b.writeUInt16BE(2, at); // sin_family AF_INET, big-endian like the rest of the socket address
  b.writeUInt16BE(id.port, at + 2);
  Buffer.from(id.ip.split('.').map(Number)).copy(b, at + 4);
  at += 16;
  b.writeUInt16LE(id.vendorId, at);
  b.writeUInt16LE(id.deviceType, at + 2);
  b.writeUInt16LE(id.productCode, at + 4);
  const [major, minor] = id.revision.split('.').map(Number);
  b[at + 6] = major ?? 0;
  b[at + 7] = minor ?? 0;
  b.writeUInt16LE(id.status, at + 8);
  b.writeUInt32LE(parseInt(id.serialNumber, 16) >>> 0, at + 10);
  at += 14;
  b[at++] = name.length;
  name.copy(b, at);
  at += name.length;
  b[at] = id.state;
  return encodeCpf([{ type: CPF.IDENTITY, data: b }]);
}

/** The Identity object's attributes 1-7 as Get Attribute All returns them (vendor ... product name). */
export function encodeIdentityAttributes(id: Omit<CipIdentity, 'from'>): Buffer {
  const name = Buffer.from(id.productName, 'latin1');
  const b = Buffer.alloc(15 + name.length);
  b.writeUInt16LE(id.vendorId, 0);
  b.writeUInt16LE(id.deviceType, 2);
  b.writeUInt16LE(id.productCode, 4);
  const [major, minor] = id.revision.split('.').map(Number);
  b[6] = major ?? 0;
  b[7] = minor ?? 0;
  b.writeUInt16LE(id.status, 8);
  b.writeUInt32LE(parseInt(id.serialNumber, 16) >>> 0, 10);
  b[14] = name.length;
  name.copy(b, 15);
  return b;
}

/** Get Attribute All of the Identity object, decoded; throws naming what is truncated. */
export function decodeIdentityAttributes(b: Buffer): Omit<CipIdentity, 'from' | 'ip' | 'port' | 'state'> {
  if (b.length < 15 || b.length < 15 + b[14]!) throw new Error(`Identity attributes of ${b.length} bytes are truncated`);
  return {
    vendorId: b.readUInt16LE(0),
    deviceType: b.readUInt16LE(2),
    productCode: b.readUInt16LE(4),
    revision: `${b[6]}.${b[7]}`,
    status: b.readUInt16LE(8),
    serialNumber: b.readUInt32LE(10).toString(16).padStart(8, '0'),
    productName: b.toString('latin1', 15, 15 + b[14]!),
  };
}

/** The identity items of a List Identity reply's data; throws naming what is truncated. */
export function decodeIdentityItems(data: Buffer, from: string): CipIdentity[] {
  return decodeCpf(data)
    .filter((i) => i.type === CPF.IDENTITY)
    .map((i) => {
      const b = i.data;
      if (b.length < 33) throw new Error(`identity item of ${b.length} bytes is truncated`);
      const nameLen = b[32]!;
      if (b.length < 33 + nameLen) throw new Error('identity item ends inside its product name');
      return {
        ip: [...b.subarray(6, 10)].join('.'),
        port: b.readUInt16BE(4),
        vendorId: b.readUInt16LE(18),
        deviceType: b.readUInt16LE(20),
        productCode: b.readUInt16LE(22),
        revision: `${b[24]}.${b[25]}`,
        status: b.readUInt16LE(26),
        serialNumber: b.readUInt32LE(28).toString(16).padStart(8, '0'),
        productName: b.toString('latin1', 33, 33 + nameLen),
        state: b.length > 33 + nameLen ? b[33 + nameLen]! : 0xff,
        from,
      };
    });
}

/** List Identity over UDP to one address (unicast, or a broadcast address the operator typed): every reply within `timeoutMs`. */
export function listIdentityUdp(address: string, port = 44818, timeoutMs = 2000): Promise<CipIdentity[]> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const found: CipIdentity[] = [];
    const finish = () => {
      sock.close();
      resolve(found);
    };
    sock.on('error', (err) => {
      clearTimeout(timer);
      sock.close();
      reject(new FieldbenchError('connection_failed', `List Identity to ${address}:${port}: ${err.message}`));
    });
    sock.on('message', (msg, rinfo) => {
      const got = decodeEncap(msg);
      if (!got || got.message.command !== ENCAP.LIST_IDENTITY) return;
      try {
        found.push(...decodeIdentityItems(got.message.data, `${rinfo.address}:${rinfo.port}`));
      } catch {
        // A malformed reply is no device: skip it.
      }
    });
    const timer = setTimeout(finish, timeoutMs);
    sock.bind(0, () => {
      if (/\.255$/.test(address)) sock.setBroadcast(true);
      sock.send(encodeEncap(ENCAP.LIST_IDENTITY, 0, Buffer.alloc(0)), port, address);
    });
  });
}

/** List Identity over TCP to one controller (through routers that drop UDP). */
export function listIdentityTcp(host: string, port = 44818, timeoutMs = 3000): Promise<CipIdentity[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const fail = (e: FieldbenchError) => {
      clearTimeout(timer);
      sock.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new FieldbenchError('timeout', `no List Identity reply from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    sock.on('connect', () => sock.write(encodeEncap(ENCAP.LIST_IDENTITY, 0, Buffer.alloc(0))));
    sock.on('error', (err) => fail(new FieldbenchError('connection_failed', `${host}:${port}: ${err.message}`)));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const got = decodeEncap(buf);
      if (!got) return;
      clearTimeout(timer);
      sock.destroy();
      try {
        resolve(decodeIdentityItems(got.message.data, `${host}:${port}`));
      } catch (err) {
        reject(new FieldbenchError('protocol_error', `${host}:${port}: malformed List Identity reply (${(err as Error).message})`));
      }
    });
  });
}
