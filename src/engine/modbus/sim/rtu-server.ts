import type { ByteLink } from '../../transport/link';
import { crcOk } from '../rtu/crc';
import { encodeRtu, requestLength } from '../rtu/frame';
import { handlePdu } from './pdu-handler';
import type { SimDevice } from './sim-device';
import { NO_FAULTS, seededRandom, type SimFaults } from './faults';

export interface RunningRtuSim {
  description: string;
  setFaults(f: Partial<SimFaults>): void;
  close(): Promise<void>;
}

/**
 * Modbus RTU front end of the simulator on a byte link (a serial port or one end of a socat pseudo-terminal pair).
 * Answers only its own unit ids, stays silent for others and for broadcasts (unit 0), and ignores frames with a
 * bad CRC, as a real slave on a multi-drop bus does.
 */
export async function serveRtu(device: SimDevice, link: ByteLink, faults: Partial<SimFaults> = {}): Promise<RunningRtuSim> {
  let f: SimFaults = { ...NO_FAULTS, ...faults };
  const rnd = seededRandom(7);
  let buf: Buffer = Buffer.alloc(0);
  let flushTimer: NodeJS.Timeout | null = null;

  const reply = (unitId: number, pdu: Buffer) => {
    if (f.dropRate > 0 && rnd() < f.dropRate) return;
    const res = f.exceptionRate > 0 && rnd() < f.exceptionRate ? Buffer.from([(pdu[0] ?? 0) | 0x80, 0x04]) : handlePdu(device.unit(unitId)!, pdu, device.onWrite, device.identity);
    const frame = encodeRtu(unitId, res);
    if (f.corruptCrcRate > 0 && rnd() < f.corruptCrcRate) frame[frame.length - 1]! ^= 0x5a;
    const send = () => void link.write(frame).catch(() => undefined);
    if (f.latencyMs > 0) setTimeout(send, f.latencyMs);
    else send();
  };

  link.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      const len = requestLength(buf);
      if (len === 0 || (len > 0 && buf.length < len)) break;
      if (len < 0) {
        // Unknown function: answer 0x01 if it is for us once the line goes quiet; here, drop to resync.
        buf = buf.subarray(1);
        continue;
      }
      const frame = buf.subarray(0, len);
      if (!crcOk(frame)) {
        buf = buf.subarray(1);
        continue;
      }
      buf = buf.subarray(len);
      const unitId = frame[0]!;
      const pdu = Buffer.from(frame.subarray(1, len - 2));
      if (unitId === 0) {
        for (const id of device.unitIds()) handlePdu(device.unit(id)!, pdu, device.onWrite);
        continue;
      }
      if (device.unitIds().includes(unitId)) reply(unitId, pdu);
    }
    // A partial frame that never completes is line noise: forget it after a quiet spell.
    if (flushTimer) clearTimeout(flushTimer);
    if (buf.length) flushTimer = setTimeout(() => (buf = Buffer.alloc(0)), 50);
  });
  await link.open();
  return {
    description: link.description,
    setFaults: (nf) => {
      f = { ...f, ...nf };
    },
    close: async () => {
      if (flushTimer) clearTimeout(flushTimer);
      await link.close();
    },
  };
}
