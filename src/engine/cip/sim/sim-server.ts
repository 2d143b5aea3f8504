import dgram from 'node:dgram';
import net from 'node:net';
import { CPF, ENCAP, decodeEncap, decodeSendData, encodeEncap, encodeSendData, type EncapMessage } from '../encap';
import { encodeIdentityAttributes, encodeIdentityItem, type CipIdentity } from '../identity';
import { SERVICE, decodeRequest, encodeReply, VENDOR_ID } from '../messages';
import { SimServices } from './sim-services';
import { SimTags } from './sim-data';

export interface CipSimOptions {
  port?: number;
  /** Tick period of the values that move. */
  tickMs?: number;
  /** Refuse Large Forward Open (service not supported), as controllers before firmware 20 do: connections are 504 bytes. */
  classic?: boolean;
  /** How many REAL tags Analog_000... it holds (200 unless told). */
  analogs?: number;
}

export interface CipSim {
  port: number;
  tags: SimTags;
  identity: Omit<CipIdentity, 'from'>;
  close(): Promise<void>;
}

interface Client {
  session: number;
  /** The O->T connection id this client's Forward Open got, and the connection size. */
  connectionId: number | null;
  size: number;
}

let nextSession = 0x1000;

/**
 * A Logix-like controller on 127.0.0.1 for demos and tests: List Identity (UDP and TCP), Register Session, Forward Open
 * and Large Forward Open, Forward Close, and in connected or unconnected messages Read Tag, Read Tag Fragmented, Write
 * Tag, Multiple Service Packet, the Symbol object's instance list and Template objects. Any number of clients at once.
 */
export async function startCipSim(opts: CipSimOptions = {}): Promise<CipSim> {
  const tags = new SimTags(opts.analogs);
  const server = net.createServer();
  const udp = dgram.createSocket('udp4');
  const sockets = new Set<net.Socket>();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 44818, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const identity: Omit<CipIdentity, 'from'> = {
    vendorId: VENDOR_ID,
    deviceType: 0x0e,
    productCode: 0x0056,
    revision: '33.11',
    status: 0x0060,
    serialNumber: 'f1e1db0c',
    productName: 'Fieldbench Logix simulator',
    state: 3,
    ip: '127.0.0.1',
    port,
  };
  const identityReply = (m: EncapMessage) => encodeEncap(ENCAP.LIST_IDENTITY, 0, encodeIdentityItem(identity), m.context);

  server.on('connection', (socket) => {
    sockets.add(socket);
    const client: Client = { session: 0, connectionId: null, size: 504 };
    const services = new SimServices(tags, () => client.size, encodeIdentityAttributes(identity));
    let buf = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const got = decodeEncap(buf);
        if (!got) break;
        buf = buf.subarray(got.size);
        const reply = answer(got.message, client, services, identityReply, opts.classic ?? false);
        if (reply === 'close') return void socket.destroy();
        if (reply) socket.write(reply);
      }
    });
  });

  udp.on('message', (msg, rinfo) => {
    const got = decodeEncap(msg);
    if (got && got.message.command === ENCAP.LIST_IDENTITY) udp.send(identityReply(got.message), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, '127.0.0.1', () => resolve());
  });

  const timer = setInterval(() => tags.tick(), opts.tickMs ?? 500);
  return {
    port,
    tags,
    identity,
    close: async () => {
      clearInterval(timer);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(m: EncapMessage, client: Client, services: SimServices, identityReply: (m: EncapMessage) => Buffer, classic: boolean): Buffer | 'close' | null {
  switch (m.command) {
    case ENCAP.LIST_IDENTITY:
      return identityReply(m);
    case ENCAP.REGISTER_SESSION:
      client.session = nextSession++;
      return encodeEncap(ENCAP.REGISTER_SESSION, client.session, m.data, m.context);
    case ENCAP.UNREGISTER_SESSION:
      return 'close';
    case ENCAP.SEND_RR_DATA:
    case ENCAP.SEND_UNIT_DATA: {
      if (!client.session || m.session !== client.session) return encodeEncap(m.command, m.session, Buffer.alloc(0), m.context, 0x64);
      let items;
      try {
        items = decodeSendData(m.data);
      } catch {
        return encodeEncap(m.command, m.session, Buffer.alloc(0), m.context, 0x03);
      }
      if (m.command === ENCAP.SEND_RR_DATA) {
        const data = items.find((i) => i.type === CPF.UNCONNECTED_DATA);
        if (!data) return encodeEncap(m.command, m.session, Buffer.alloc(0), m.context, 0x03);
        const reply = connectionManager(data.data, client, classic) ?? services.handle(data.data);
        return encodeEncap(m.command, m.session, encodeSendData([{ type: CPF.NULL_ADDRESS, data: Buffer.alloc(0) }, { type: CPF.UNCONNECTED_DATA, data: reply }]), m.context);
      }
      const addr = items.find((i) => i.type === CPF.CONNECTED_ADDRESS);
      const data = items.find((i) => i.type === CPF.CONNECTED_DATA);
      if (!addr || !data || data.data.length < 2 || client.connectionId === null || addr.data.readUInt32LE(0) !== client.connectionId) {
        return encodeEncap(m.command, m.session, Buffer.alloc(0), m.context, 0x03);
      }
      const reply = Buffer.concat([data.data.subarray(0, 2), services.handle(data.data.subarray(2))]);
      const toAddr = Buffer.alloc(4);
      toAddr.writeUInt32LE(client.connectionId + 1, 0);
      return encodeEncap(m.command, m.session, encodeSendData([{ type: CPF.CONNECTED_ADDRESS, data: toAddr }, { type: CPF.CONNECTED_DATA, data: reply }]), m.context);
    }
    default:
      return encodeEncap(m.command, m.session, Buffer.alloc(0), m.context, 0x01);
  }
}

/** Forward Open (classic and Large) and Forward Close, by the Connection Manager; null for anything else. */
function connectionManager(message: Buffer, client: Client, classic: boolean): Buffer | null {
  let req;
  try {
    req = decodeRequest(message);
  } catch {
    return null;
  }
  const cm = req.path.equals(Buffer.from([0x20, 0x06, 0x24, 0x01]));
  if (!cm) return null;
  if (req.service === SERVICE.FORWARD_CLOSE) {
    client.connectionId = null;
    return encodeReply(req.service, 0, req.data.subarray(2, 10));
  }
  if (req.service !== SERVICE.FORWARD_OPEN && (req.service !== SERVICE.LARGE_FORWARD_OPEN || classic)) return encodeReply(req.service, 0x08);
  const large = req.service === SERVICE.LARGE_FORWARD_OPEN;
  const d = req.data;
  if (d.length < (large ? 40 : 36)) return encodeReply(req.service, 0x13);
  const params = large ? d.readUInt32LE(26) : d.readUInt16LE(26);
  const size = large ? params & 0xffff : params & 0x1ff;
  if (size > (large ? 4002 : 511) || size < 100) return encodeReply(req.service, 0x01, Buffer.alloc(0), [0x0109]);
  client.size = size;
  client.connectionId = ((Math.random() * 0x7fffffff) >>> 0) & ~1;
  const out = Buffer.alloc(26);
  out.writeUInt32LE(client.connectionId, 0);
  out.writeUInt32LE(d.readUInt32LE(6), 4);
  d.copy(out, 8, 10, 18); // connection serial, vendor, originator serial
  out.writeUInt32LE(d.readUInt32LE(22), 16);
  out.writeUInt32LE(d.readUInt32LE(22), 20);
  return encodeReply(req.service, 0, out);
}
