import { RegisterBank } from './register-bank';

/** Listeners the simulator calls after a write lands, so generators can leave written values alone. */
export type WriteListener = (table: 'holding' | 'coil', address: number, count: number) => void;

function exception(fc: number, code: number): Buffer {
  return Buffer.from([fc | 0x80, code]);
}

/**
 * Answer one request PDU against a register bank. Synchronous and allocation-light: the simulator must never be
 * the bottleneck of a benchmark. Shared by the TCP and RTU front ends.
 */
export function handlePdu(bank: RegisterBank, pdu: Buffer, onWrite?: WriteListener, identity?: readonly string[]): Buffer {
  if (pdu.length < 1) return exception(0, 0x01);
  const fc = pdu[0]!;
  switch (fc) {
    case 1:
    case 2: {
      if (pdu.length < 5) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      const count = pdu.readUInt16BE(3);
      if (count < 1 || count > 2000) return exception(fc, 0x03);
      const table = fc === 1 ? 'coil' : 'discrete';
      if (address + count > 65536 || bank.hasHole(table, address, count)) return exception(fc, 0x02);
      const bits = bank.bits(table);
      const n = Math.ceil(count / 8);
      const out = Buffer.alloc(2 + n);
      out[0] = fc;
      out[1] = n;
      for (let i = 0; i < count; i++) if (bits[address + i]) out[2 + (i >> 3)]! |= 1 << (i & 7);
      return out;
    }
    case 3:
    case 4: {
      if (pdu.length < 5) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      const count = pdu.readUInt16BE(3);
      if (count < 1 || count > 125) return exception(fc, 0x03);
      const table = fc === 3 ? 'holding' : 'input';
      if (address + count > 65536 || bank.hasHole(table, address, count)) return exception(fc, 0x02);
      const words = bank.words(table);
      const out = Buffer.allocUnsafe(2 + count * 2);
      out[0] = fc;
      out[1] = count * 2;
      for (let i = 0; i < count; i++) out.writeUInt16BE(words[address + i]!, 2 + i * 2);
      return out;
    }
    case 5: {
      if (pdu.length < 5) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      const value = pdu.readUInt16BE(3);
      if (value !== 0xff00 && value !== 0x0000) return exception(fc, 0x03);
      if (bank.hasHole('coil', address, 1)) return exception(fc, 0x02);
      bank.coil[address] = value === 0xff00 ? 1 : 0;
      onWrite?.('coil', address, 1);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 6: {
      if (pdu.length < 5) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      if (bank.hasHole('holding', address, 1)) return exception(fc, 0x02);
      bank.holding[address] = pdu.readUInt16BE(3);
      onWrite?.('holding', address, 1);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 15: {
      if (pdu.length < 6) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      const count = pdu.readUInt16BE(3);
      const n = pdu[5]!;
      if (count < 1 || count > 1968 || n !== Math.ceil(count / 8) || pdu.length < 6 + n) return exception(fc, 0x03);
      if (address + count > 65536 || bank.hasHole('coil', address, count)) return exception(fc, 0x02);
      for (let i = 0; i < count; i++) bank.coil[address + i] = (pdu[6 + (i >> 3)]! >> (i & 7)) & 1;
      onWrite?.('coil', address, count);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 16: {
      if (pdu.length < 6) return exception(fc, 0x03);
      const address = pdu.readUInt16BE(1);
      const count = pdu.readUInt16BE(3);
      const n = pdu[5]!;
      if (count < 1 || count > 123 || n !== count * 2 || pdu.length < 6 + n) return exception(fc, 0x03);
      if (address + count > 65536 || bank.hasHole('holding', address, count)) return exception(fc, 0x02);
      for (let i = 0; i < count; i++) bank.holding[address + i] = pdu.readUInt16BE(6 + i * 2);
      onWrite?.('holding', address, count);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 0x2b: {
      if (!identity || pdu.length < 4 || pdu[1] !== 0x0e) return exception(fc, 0x01);
      const code = pdu[2]!;
      if (code < 1 || code > 4) return exception(fc, 0x03);
      const first = code === 4 ? pdu[3]! : 0;
      if (first >= identity.length) return exception(fc, 0x02);
      const ids = code === 4 ? [first] : identity.map((_, i) => i).filter((i) => i >= first);
      const parts: number[] = [0x2b, 0x0e, code, 0x01, 0x00, 0x00, ids.length];
      for (const id of ids) {
        const text = Buffer.from(identity[id]!.slice(0, 60), 'latin1');
        parts.push(id, text.length, ...text);
      }
      return Buffer.from(parts);
    }
    default:
      return exception(fc, 0x01);
  }
}
