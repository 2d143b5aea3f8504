import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { MbapSplitter, encodeMbap } from '../../src/engine/modbus/mbap';
import { parseBits, parseRegisters, readRequest } from '../../src/engine/modbus/pdu';
import { ModbusException } from '../../src/engine/modbus/exceptions';
import { crcOk } from '../../src/engine/modbus/rtu/crc';
import { encodeRtu, requestLength, responseLength } from '../../src/engine/modbus/rtu/frame';
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

  it('RTU length and CRC checks: only well-formed frames pass', () => {
    let passed = 0;
    for (let i = 0; i < N; i++) {
      const frame = i % 2 ? mutate(encodeRtu(byte(), validPdus()[i % 5]!)) : randomBytes(260);
      const rl = requestLength(frame);
      const sl = responseLength(frame, frame[1] ?? 3);
      expect(rl).toBeGreaterThanOrEqual(-1);
      expect(sl).toBeGreaterThanOrEqual(-1);
      if (rl > 0 && frame.length >= rl && crcOk(frame.subarray(0, rl))) passed++;
    }
    expect(passed).toBeGreaterThan(0);
  });

  it('response PDU parsers throw only typed protocol errors', () => {
    for (let i = 0; i < N; i++) {
      const pdu = randomBytes(260);
      const count = 1 + Math.floor(rnd() * 125);
      for (const parse of [() => parseRegisters(pdu, count, 3), () => parseBits(pdu, count * 8, 1)]) {
        try {
          parse();
        } catch (err) {
          if (!expectedParseError(err)) throw err;
        }
      }
    }
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
