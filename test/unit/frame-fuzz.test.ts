import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { MbapSplitter, encodeMbap } from '../../src/engine/modbus/mbap';
import { parseBits, parseRegisters, readRequest } from '../../src/engine/modbus/pdu';
import { ModbusException } from '../../src/engine/modbus/exceptions';
import { readRaw } from '../../src/engine/modbus/read';
import { crcOk } from '../../src/engine/modbus/rtu/crc';
import { encodeRtu, requestLength, responseLength } from '../../src/engine/modbus/rtu/frame';
import { ResponseReader } from '../../src/engine/modbus/rtu/response-reader';
import { RtuMaster } from '../../src/engine/modbus/rtu/rtu-master';
import { FieldbenchError } from '../../src/shared/errors';
import { RogueRegisters } from '../helpers/rogue/registers';
import { handlePdu } from '../../src/engine/modbus/sim/pdu-handler';
import { RegisterBank } from '../../src/engine/modbus/sim/register-bank';
import { seededRandom } from '../../src/engine/modbus/sim/faults';
import { serveRtu } from '../../src/engine/modbus/sim/rtu-server';
import { SimDevice } from '../../src/engine/modbus/sim/sim-device';
import type { ByteLink } from '../../src/engine/transport/link';

const N = 100_000;
const rnd = seededRandom(2026);
const byte = () => Math.floor(rnd() * 256);
const randomBytes = (max: number) => Buffer.from(Array.from({ length: Math.floor(rnd() * max) }, byte));

/** Valid frames with a few bytes flipped, truncated or extended: what a noisy RS-485 line delivers. */
function mutate(frame: Buffer): Buffer {
  const f = Buffer.from(frame);
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) for (let i = 0; i < 1 + Math.floor(rnd() * 3); i++) f[Math.floor(rnd() * f.length)] = byte();
  if (kind === 1) return f.subarray(0, Math.floor(rnd() * f.length));
  if (kind === 2) return Buffer.concat([f, randomBytes(8)]);
  return f;
}

function validPdus(): Buffer[] {
  return [readRequest('holding', byte() * 256 + byte(), 1 + Math.floor(rnd() * 125)), readRequest('coil', byte(), 1 + Math.floor(rnd() * 2000)), Buffer.from([6, 0, byte(), byte(), byte()]), Buffer.from([16, 0, 0, 0, 2, 4, 1, 2, 3, 4]), Buffer.from([15, 0, 0, 0, 9, 2, 0xff, 1])];
}

/** CRC-16/MODBUS bit by bit, as the spec describes it: the oracle for the table-driven one under test. */
function referenceCrc(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function referenceFrame(unitId: number, pdu: Uint8Array): Buffer {
  const body = Buffer.from([unitId, ...pdu]);
  const crc = referenceCrc(body);
  return Buffer.concat([body, Buffer.from([crc & 0xff, crc >> 8])]);
}

/** Whether `pdu` is a well-formed answer to `req`, by the spec: the oracle for what the master may accept. */
function wellFormedAnswer(req: Buffer, pdu: Buffer): boolean {
  const fc = req[0]!;
  if (pdu[0] === (fc | 0x80)) return pdu.length === 2;
  if (pdu[0] !== fc) return false;
  const qty = req.readUInt16BE(3);
  if (fc <= 4) {
    const n = fc <= 2 ? Math.ceil(qty / 8) : qty * 2;
    return pdu[1] === n && pdu.length === 2 + n;
  }
  return pdu.length === 5 && pdu.subarray(1, 5).equals(req.subarray(1, 5));
}

/** Whether `bytes` hold, somewhere, a frame for `unitId` with a good CRC carrying exactly `pdu`. */
function carries(bytes: Buffer, unitId: number, pdu: Buffer): boolean {
  return bytes.includes(referenceFrame(unitId, pdu));
}

/** A request of every kind the master sends, with a fresh random address and size. */
function randomRequest(): Buffer {
  const address = byte() * 256 + byte();
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return readRequest('holding', address, 1 + Math.floor(rnd() * 125));
    case 1:
      return readRequest('input', address, 1 + Math.floor(rnd() * 4));
    case 2:
      return readRequest('coil', address, 1 + Math.floor(rnd() * 2000));
    case 3:
      return Buffer.from([6, address >> 8, address & 0xff, byte(), byte()]);
    case 4:
      return Buffer.from([5, address >> 8, address & 0xff, rnd() < 0.5 ? 0xff : 0, 0]);
    case 5:
      return Buffer.from([16, address >> 8, address & 0xff, 0, 2, 4, byte(), byte(), byte(), byte()]);
    default:
      return Buffer.from([15, address >> 8, address & 0xff, 0, 9, 2, byte(), 1]);
  }
}

/** What a line may deliver for one request: the answer (or an exception), mangled, after noise, or only noise. */
function delivery(unitId: number, req: Buffer): { bytes: Buffer; answer: Buffer; intact: boolean } {
  const answer = rnd() < 0.1 ? Buffer.from([req[0]! | 0x80, 1 + Math.floor(rnd() * 11)]) : new RogueRegisters().answer(req);
  const valid = referenceFrame(unitId, answer);
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return { bytes: valid, answer, intact: true };
    case 1:
      return { bytes: Buffer.concat([randomBytes(12), valid]), answer, intact: true };
    case 2:
      return { bytes: Buffer.concat([mutate(valid), valid]), answer, intact: true };
    case 3:
      return { bytes: mutate(valid), answer, intact: false };
    default:
      return { bytes: randomBytes(300), answer, intact: false };
  }
}

/** Cut bytes into random chunks, as a serial driver or TCP hands them over. */
function chunks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * 40);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function expectedParseError(err: unknown): boolean {
  return err instanceof ModbusException || (err instanceof Error && err.message.startsWith('protocol:'));
}

describe('frame parsers under 100,000 random and mutated frames', () => {
  it('MBAP splitter: no crash, no hang, frames stay within bounds', () => {
    let frames = 0;
    let resets = 0;
    const s = new MbapSplitter(
      (f) => {
        frames++;
        expect(f.pdu.length).toBeLessThanOrEqual(253);
      },
      () => resets++,
    );
    for (let i = 0; i < N; i++) {
      const valid = encodeMbap(byte(), byte(), validPdus()[i % 5]!);
      s.push(i % 2 ? mutate(valid) : randomBytes(300));
    }
    expect(frames + resets).toBeGreaterThan(0);
  });

  it('RTU request framing (the slave side): a frame passes only with a good CRC by the reference algorithm', () => {
    let passed = 0;
    for (let i = 0; i < N; i++) {
      const frame = i % 2 ? mutate(encodeRtu(byte(), validPdus()[i % 5]!)) : randomBytes(260);
      const rl = requestLength(frame);
      expect(rl).toBeGreaterThanOrEqual(-1);
      expect(responseLength(frame, frame[1] ?? 3)).toBeGreaterThanOrEqual(-1);
      if (rl > 0 && frame.length >= rl && crcOk(frame.subarray(0, rl))) {
        passed++;
        expect(referenceCrc(frame.subarray(0, rl - 2))).toBe(frame.readUInt16LE(rl - 2));
      }
    }
    expect(passed).toBeGreaterThan(N / 10); // the unmutated quarter at least
  });

  it('RTU answer reader: nothing but a well-formed answer carried whole with a good CRC is ever accepted', () => {
    const seen = { intactTaken: 0, mangledTaken: 0, mangledRefused: 0 };
    for (let i = 0; i < N; i++) {
      const unitId = 1 + Math.floor(rnd() * 247);
      const req = randomRequest();
      const { bytes, answer, intact } = delivery(unitId, req);
      const reader = new ResponseReader(unitId, referenceFrame(unitId, req), false);
      let pdu: Buffer | null = null;
      for (const c of chunks(bytes)) if ((pdu ??= reader.push(c))) break;
      if (pdu) {
        // Accepted: it must be a well-formed answer to this request that really was on the line, whole, CRC good.
        expect(wellFormedAnswer(req, pdu)).toBe(true);
        expect(carries(bytes, unitId, pdu)).toBe(true);
        if (intact || pdu.equals(answer)) seen.intactTaken++;
        else seen.mangledTaken++; // a mutation the CRC cannot see, still well-formed: what RTU cannot tell apart
      } else {
        // The intact answer on the line is never lost, whatever came before it.
        expect(intact).toBe(false);
        seen.mangledRefused++;
      }
    }
    expect(seen.intactTaken).toBeGreaterThan(N / 2);
    expect(seen.mangledRefused).toBeGreaterThan(N / 4);
    expect(seen.mangledTaken).toBeLessThan(N / 1000);
  });

  it('RTU master and read path: every mangled answer ends in a typed error or is discarded, never in a wrong value', async () => {
    class LineLink extends EventEmitter<{ data: [Buffer]; close: [string] }> implements ByteLink {
      description = 'fuzzed line';
      isOpen = true;
      next: Buffer[] = [];
      async open() {}
      async write() {
        const parts = this.next;
        this.next = [];
        setImmediate(() => parts.forEach((p) => this.emit('data', p)));
      }
      async close() {}
    }
    const link = new LineLink();
    const master = new RtuMaster(link, { timeoutMs: 15, retries: 0, interFrameMs: 0.5, turnaroundMs: 0, lateAnswerMs: 2 });
    const outcomes = { values: 0, typedErrors: 0 };
    for (let i = 0; i < 600; i++) {
      const count = 1 + Math.floor(rnd() * 20);
      const address = byte() * 256;
      const req = readRequest('holding', address, count);
      const { bytes, answer, intact } = delivery(1, req);
      link.next = chunks(bytes);
      try {
        const values = await readRaw(master, { unitId: 1, table: 'holding', address, count });
        outcomes.values++;
        // A value only from the device's own answer: the rogue's register a holds 1000 + a.
        expect(intact || carries(bytes, 1, answer)).toBe(true);
        expect(values).toEqual(Array.from({ length: count }, (_, k) => (1000 + address + k) & 0xffff));
      } catch (err) {
        outcomes.typedErrors++;
        expect(err instanceof ModbusException || (err instanceof FieldbenchError && ['timeout', 'protocol_error'].includes(err.code))).toBe(true);
        if (intact && answer[0]! < 0x80) throw err; // an intact answer after noise is never lost
      }
    }
    expect(outcomes.values).toBeGreaterThan(100);
    expect(outcomes.typedErrors).toBeGreaterThan(100);
    await master.close();
  });

  it('response PDU parsers: a value only from a well-formed PDU, a typed error for anything else', () => {
    let values = 0;
    for (let i = 0; i < N; i++) {
      const count = 1 + Math.floor(rnd() * 125);
      const words = new RogueRegisters().answer(readRequest('holding', 0, count));
      const bits = new RogueRegisters().answer(readRequest('coil', 0, count * 8));
      const cases: [Buffer, Buffer, () => number[]][] = [];
      for (const [req, good, parse] of [
        [readRequest('holding', 0, count), words, (p: Buffer) => parseRegisters(p, count, 3)],
        [readRequest('coil', 0, count * 8), bits, (p: Buffer) => parseBits(p, count * 8, 1)],
      ] as const) {
        const pdu = i % 3 === 0 ? randomBytes(260) : i % 3 === 1 ? mutate(good) : good;
        cases.push([req, pdu, () => parse(pdu)]);
      }
      for (const [req, pdu, parse] of cases) {
        try {
          parse();
          values++;
          expect(wellFormedAnswer(req, pdu)).toBe(true);
        } catch (err) {
          if (!expectedParseError(err)) throw err;
          expect(wellFormedAnswer(req, pdu) && pdu[0]! < 0x80).toBe(false);
        }
      }
    }
    expect(values).toBeGreaterThan(N / 2);
  });

  it('simulator PDU handler answers every request PDU with a response or an exception, never throws', () => {
    const bank = new RegisterBank();
    for (let i = 0; i < N; i++) {
      const pdu = i % 2 ? mutate(validPdus()[i % 5]!) : randomBytes(260);
      const res = handlePdu(bank, pdu);
      expect(res.length).toBeGreaterThanOrEqual(2);
      expect(res.length).toBeLessThanOrEqual(253);
    }
  });

  it('RTU slave front end survives a line of noise and still answers a good request after it', async () => {
    class MemoryLink extends EventEmitter<{ data: [Buffer]; close: [string] }> implements ByteLink {
      description = 'memory';
      isOpen = true;
      sent: Buffer[] = [];
      async open() {}
      async write(b: Buffer) {
        this.sent.push(b);
      }
      async close() {}
    }
    const device = new SimDevice();
    const bank = device.addUnit(1);
    const link = new MemoryLink();
    const sim = await serveRtu(device, link);
    for (let i = 0; i < N / 10; i++) link.emit('data', i % 2 ? mutate(encodeRtu(1, validPdus()[i % 5]!)) : randomBytes(64));
    await new Promise((r) => setTimeout(r, 80)); // the line goes quiet; partial frames are flushed
    link.sent = [];
    bank.holding[0] = 1500; // noise may have carried valid writes; set a known value after it
    link.emit('data', encodeRtu(1, readRequest('holding', 0, 1)));
    expect(link.sent.map((b) => [...b])).toEqual([[...encodeRtu(1, Buffer.from([3, 2, 0x05, 0xdc]))]]);
    await sim.close();
  });
});
