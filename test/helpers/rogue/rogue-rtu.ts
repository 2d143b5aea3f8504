import net from 'node:net';
import { SerialPort } from 'serialport';
import { crcOk } from '../../../src/engine/modbus/rtu/crc';
import { encodeRtu, requestLength } from '../../../src/engine/modbus/rtu/frame';
import { ptyPair } from '../socat';
import { always, Timers, WRITE_FUNCTIONS, type Fault, type Script } from './faults';
import { RogueRegisters, wrongEcho } from './registers';

export interface RogueRtuOptions {
  /** The unit it answers for (default 1); requests to other units get nothing, as on a multi-drop bus. */
  unitId?: number;
  script?: Script;
  registers?: RogueRegisters;
}

export interface RogueRtu {
  /** Request PDUs received for its unit, in order. */
  readonly requests: Buffer[];
  /** Every whole frame with a good CRC heard on the line, for any unit (broadcasts included), in order. */
  readonly frames: { unitId: number; pdu: Buffer }[];
  readonly registers: RogueRegisters;
  /** What it does with the next requests; may be changed between steps of a test. */
  script: Script;
  /** Stop an endless stream. */
  hush(): void;
  stop(): Promise<void>;
}

/**
 * A Modbus RTU slave that misbehaves on purpose (see Fault), at the far end of a byte pipe: one end of a socat
 * pseudo-terminal pair (the master opens the other, as it would a USB-RS485 adapter), or a TCP port speaking RTU
 * frames (a serial device server).
 */
class RtuRogueCore implements RogueRtu {
  readonly requests: Buffer[] = [];
  readonly frames: { unitId: number; pdu: Buffer }[] = [];
  readonly registers: RogueRegisters;
  script: Script;
  private readonly unitId: number;
  private readonly timers = new Timers();
  private readonly streams = new Set<() => void>();
  private lastAnswer: Buffer | null = null;

  constructor(
    opts: RogueRtuOptions,
    private readonly closeTransport: () => Promise<void>,
  ) {
    this.unitId = opts.unitId ?? 1;
    this.script = opts.script ?? always({ kind: 'answer' });
    this.registers = opts.registers ?? new RogueRegisters();
  }

  /** Bytes from one connection: whole requests with a good CRC are answered, anything else is skipped. */
  reader(send: (b: Buffer) => void): (chunk: Buffer) => void {
    let buf = Buffer.alloc(0);
    return (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const len = requestLength(buf);
        if (len === 0 || (len > 0 && buf.length < len)) return;
        if (len < 0 || !crcOk(buf.subarray(0, len))) {
          buf = buf.subarray(1);
          continue;
        }
        const frame = buf.subarray(0, len);
        buf = buf.subarray(len);
        const pdu = Buffer.from(frame.subarray(1, len - 2));
        this.frames.push({ unitId: frame[0]!, pdu });
        // A broadcast write is carried out by every unit on the line, and answered by none.
        if (frame[0] === 0 && WRITE_FUNCTIONS.includes(pdu[0]!)) this.registers.answer(pdu);
        if (frame[0] !== this.unitId) continue;
        this.requests.push(pdu);
        this.act(this.script(this.requests.length - 1, pdu), pdu, send);
      }
    };
  }

  private act(fault: Fault, pdu: Buffer, send: (b: Buffer) => void): void {
    // A refused request changes nothing on the device.
    const answerPdu = fault.kind === 'exception' ? Buffer.from([pdu[0]! | 0x80, fault.code]) : this.registers.answer(pdu);
    const right = encodeRtu(this.unitId, answerPdu);
    const previous = this.lastAnswer;
    this.lastAnswer = right;
    switch (fault.kind) {
      case 'answer':
        return send(right);
      case 'silent':
        return;
      case 'late':
        return this.timers.after(fault.ms, () => send(right));
      case 'duplicate':
        if (!fault.gapMs) return send(Buffer.concat([right, right]));
        send(right);
        return this.timers.after(fault.gapMs, () => send(right));
      case 'stale':
        if (previous) send(previous);
        return;
      case 'wrong-echo':
        return send(encodeRtu(this.unitId, wrongEcho(answerPdu)));
      case 'exception':
        return send(right);
      case 'wrong-function':
        return send(encodeRtu(this.unitId, Buffer.concat([Buffer.from([fault.fc]), answerPdu.subarray(1)])));
      case 'noise':
        if (!fault.gapMs) return send(Buffer.concat([Buffer.from(fault.bytes), right]));
        send(Buffer.from(fault.bytes));
        return this.timers.after(fault.gapMs, () => send(right));
      case 'truncate':
        return send(right.subarray(0, fault.keep));
      case 'bad-crc': {
        const spoiled = Buffer.from(right);
        spoiled[spoiled.length - 1]! ^= 0x5a;
        return send(spoiled);
      }
      case 'other-unit':
        return send(encodeRtu(fault.unitId, answerPdu));
      case 'endless': {
        const bytes = Buffer.from(fault.bytes);
        this.streams.add(this.timers.every(fault.everyMs, () => send(bytes)));
        return;
      }
      case 'wrong-tid':
        throw new Error('wrong-tid is a Modbus TCP fault; RTU has no transaction id');
    }
  }

  hush(): void {
    for (const s of this.streams) s();
    this.streams.clear();
  }

  async stop(): Promise<void> {
    this.hush();
    this.timers.clear();
    await this.closeTransport();
  }
}

/** A rogue RTU slave on a socat pseudo-terminal pair; `path` is the end the master opens. */
export async function rogueRtuOnPty(opts: RogueRtuOptions = {}): Promise<RogueRtu & { path: string }> {
  const pty = await ptyPair();
  const port = new SerialPort({ path: pty.slave, baudRate: 19200, autoOpen: false, hupcl: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => undefined);
  const core = new RtuRogueCore(opts, async () => {
    if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    await pty.stop();
  });
  port.on('data', core.reader((b) => port.write(b)));
  return Object.assign(core, { path: pty.master });
}

/** A rogue RTU slave behind a TCP port (RTU over TCP, as a serial device server carries it). */
export async function rogueRtuOnTcp(opts: RogueRtuOptions = {}): Promise<RogueRtu & { port: number }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    sock.on('data', core.reader((b) => void (sock.writable && sock.write(b))));
  });
  const core = new RtuRogueCore(opts, async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(core, { port: (server.address() as net.AddressInfo).port });
}
