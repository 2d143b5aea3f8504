import { exceptionLabel } from '../modbus/exceptions';
import { crcOk } from '../modbus/rtu/crc';

/** What the traffic monitor shows for one frame, decoded from its bytes alone. */
export interface FrameSummary {
  unitId: number | null;
  functionCode: number | null;
  /** "read holding 0 x10", "response 10 regs", "exception 0x02 (illegal data address)" */
  text: string;
  address?: number;
  count?: number;
  values?: number[];
  crc: 'ok' | 'bad' | 'n/a';
  exception?: string;
  transactionId?: number;
}

const FC_NAMES: Record<number, string> = {
  1: 'read coils',
  2: 'read discrete inputs',
  3: 'read holding',
  4: 'read input',
  5: 'write coil',
  6: 'write register',
  15: 'write coils',
  16: 'write registers',
  43: 'device identification',
};

function words(b: Uint8Array, start: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n && start + i * 2 + 1 < b.length; i++) out.push((b[start + i * 2]! << 8) | b[start + i * 2 + 1]!);
  return out;
}

/** Decode a request or response PDU. Direction decides how FC 1-4 bodies are read. */
export function decodePdu(pdu: Uint8Array, dir: 'tx' | 'rx'): Omit<FrameSummary, 'unitId' | 'crc'> {
  if (pdu.length === 0) return { functionCode: null, text: 'empty' };
  const fc = pdu[0]!;
  if (fc & 0x80) {
    const ex = exceptionLabel(pdu[1] ?? 0);
    return { functionCode: fc & 0x7f, text: `${FC_NAMES[fc & 0x7f] ?? `fc ${fc & 0x7f}`}: ${ex}`, exception: ex };
  }
  const name = FC_NAMES[fc] ?? `function ${fc}`;
  const u16 = (o: number) => ((pdu[o] ?? 0) << 8) | (pdu[o + 1] ?? 0);
  if (dir === 'tx') {
    if (fc >= 1 && fc <= 4) return { functionCode: fc, text: `${name} ${u16(1)} x${u16(3)}`, address: u16(1), count: u16(3) };
    if (fc === 5 || fc === 6) return { functionCode: fc, text: `${name} ${u16(1)} = ${fc === 5 ? (u16(3) === 0xff00 ? 'ON' : 'OFF') : u16(3)}`, address: u16(1), values: [u16(3)] };
    if (fc === 16) return { functionCode: fc, text: `${name} ${u16(1)} x${u16(3)}`, address: u16(1), count: u16(3), values: words(pdu, 6, u16(3)) };
    if (fc === 15) return { functionCode: fc, text: `${name} ${u16(1)} x${u16(3)}`, address: u16(1), count: u16(3) };
    return { functionCode: fc, text: name };
  }
  if (fc === 3 || fc === 4) {
    const n = (pdu[1] ?? 0) / 2;
    return { functionCode: fc, text: `${name}: ${n} register${n === 1 ? '' : 's'}`, count: n, values: words(pdu, 2, n) };
  }
  if (fc === 1 || fc === 2) return { functionCode: fc, text: `${name}: ${pdu[1] ?? 0} byte(s) of bits` };
  if (fc === 5 || fc === 6 || fc === 15 || fc === 16) return { functionCode: fc, text: `${name} acknowledged`, address: u16(1) };
  return { functionCode: fc, text: name };
}

export function decodeRtuFrame(bytes: Uint8Array, dir: 'tx' | 'rx'): FrameSummary {
  if (bytes.length < 4) return { unitId: bytes[0] ?? null, functionCode: null, text: `fragment of ${bytes.length} byte(s)`, crc: 'bad' };
  const crc = crcOk(bytes) ? 'ok' : 'bad';
  return { unitId: bytes[0]!, crc, ...decodePdu(bytes.subarray(1, bytes.length - 2), dir) };
}

export function decodeMbapFrame(bytes: Uint8Array, dir: 'tx' | 'rx'): FrameSummary {
  if (bytes.length < 8) return { unitId: null, functionCode: null, text: `fragment of ${bytes.length} byte(s)`, crc: 'n/a' };
  return { unitId: bytes[6]!, crc: 'n/a', transactionId: (bytes[0]! << 8) | bytes[1]!, ...decodePdu(bytes.subarray(7), dir) };
}
