import net from 'node:net';
import { encodeMbap, MbapSplitter } from '../../../src/engine/modbus/mbap';
import { always, Timers, type Fault, type Script } from './faults';
import { RogueRegisters, wrongEcho } from './registers';

export interface RogueTcp {
  port: number;
  /** Request PDUs received, in order. */
  readonly requests: Buffer[];
  readonly registers: RogueRegisters;
  script: Script;
  hush(): void;
  stop(): Promise<void>;
}

/**
 * A Modbus TCP server on 127.0.0.1 that misbehaves on purpose (see Fault): late, duplicated, stale answers, answers
 * under another transaction or unit id, cut short, or an endless stream. It answers every unit id.
 */
export async function rogueTcp(opts: { script?: Script; registers?: RogueRegisters } = {}): Promise<RogueTcp> {
  const timers = new Timers();
  const streams = new Set<() => void>();
  const sockets = new Set<net.Socket>();
  const requests: Buffer[] = [];
  const registers = opts.registers ?? new RogueRegisters();
  let lastAnswer: Buffer | null = null;

  const act = (fault: Fault, tid: number, unitId: number, pdu: Buffer, send: (b: Buffer) => void) => {
    // A refused request changes nothing on the device.
    const answerPdu = fault.kind === 'exception' ? Buffer.from([pdu[0]! | 0x80, fault.code]) : registers.answer(pdu);
    const right = encodeMbap(tid, unitId, answerPdu);
    const previous = lastAnswer;
    lastAnswer = right;
    switch (fault.kind) {
      case 'answer':
        return send(right);
      case 'silent':
        return;
      case 'late':
        return timers.after(fault.ms, () => send(right));
      case 'duplicate':
        if (!fault.gapMs) return send(Buffer.concat([right, right]));
        send(right);
        return timers.after(fault.gapMs, () => send(right));
      case 'stale':
        if (previous) send(previous);
        return;
      case 'wrong-echo':
        return send(encodeMbap(tid, unitId, wrongEcho(answerPdu)));
      case 'exception':
        return send(right);
      case 'wrong-function':
        return send(encodeMbap(tid, unitId, Buffer.concat([Buffer.from([fault.fc]), answerPdu.subarray(1)])));
      case 'noise':
        if (!fault.gapMs) return send(Buffer.concat([Buffer.from(fault.bytes), right]));
        send(Buffer.from(fault.bytes));
        return timers.after(fault.gapMs, () => send(right));
      case 'truncate':
        return send(right.subarray(0, fault.keep));
      case 'other-unit':
        return send(encodeMbap(tid, fault.unitId, answerPdu));
      case 'wrong-tid':
        return send(encodeMbap((tid + 1) & 0xffff, unitId, answerPdu));
      case 'endless': {
        const bytes = Buffer.from(fault.bytes);
        streams.add(timers.every(fault.everyMs, () => send(bytes)));
        return;
      }
      case 'bad-crc':
        throw new Error('bad-crc is an RTU fault; Modbus TCP frames carry no CRC');
    }
  };

  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const send = (b: Buffer) => void (sock.writable && sock.write(b));
    const splitter = new MbapSplitter(
      (f) => {
        const pdu = Buffer.from(f.pdu);
        requests.push(pdu);
        act(rogue.script(requests.length - 1, pdu), f.transactionId, f.unitId, pdu, send);
      },
      () => sock.destroy(),
    );
    sock.on('data', (c: Buffer) => splitter.push(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hush = () => {
    for (const s of streams) s();
    streams.clear();
  };
  const rogue: RogueTcp = {
    port: (server.address() as net.AddressInfo).port,
    requests,
    registers,
    script: opts.script ?? always({ kind: 'answer' }),
    hush,
    stop: async () => {
      hush();
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return rogue;
}
