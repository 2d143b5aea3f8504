import { describe, expect, it } from 'vitest';
import { encodeRtu } from '../../src/engine/modbus/rtu/frame';
import { TrafficLog } from '../../src/engine/traffic/traffic-log';
import type { TrafficFilter } from '../../src/shared/schemas/traffic';

/** The traffic filter the engine's list and CSV export apply (and the Traffic screen with them), on real frames. */
function logWithFrames(): TrafficLog {
  const log = new TrafficLog();
  const bus = log.sink('bus1');
  const tcp = log.sink('tcp1');
  let t = 0;
  const rtu = (dir: 'tx' | 'rx', bytes: Buffer) => bus({ at: 1_700_000_000_000 + t, hr: t++, dir, framing: 'rtu', bytes });
  rtu('tx', encodeRtu(1, Uint8Array.of(0x03, 0x00, 0x00, 0x00, 0x02))); // 1: unit 1, read holding 0 x2
  rtu('rx', encodeRtu(1, Uint8Array.of(0x03, 0x04, 0x00, 0x0a, 0x00, 0x0b))); // 2: its answer
  rtu('tx', encodeRtu(2, Uint8Array.of(0x03, 0x00, 0x64, 0x00, 0x01))); // 3: unit 2, read holding 100 x1
  rtu('rx', encodeRtu(2, Uint8Array.of(0x83, 0x02))); // 4: exception 02, illegal data address
  const mangled = encodeRtu(1, Uint8Array.of(0x03, 0x04, 0x00, 0x0a, 0x00, 0x0b));
  mangled[mangled.length - 1]! ^= 0xff;
  rtu('rx', mangled); // 5: an answer whose CRC does not match
  tcp({ at: 1_700_000_001_000, hr: t++, dir: 'tx', framing: 'mbap', bytes: Buffer.from('000100000006010400000001', 'hex') }); // 6: read input 0 x1
  return log;
}

const ids = (log: TrafficLog, f: TrafficFilter) => log.list(f).map((e) => e.id);

describe('traffic filter', () => {
  const log = logWithFrames();

  it('keeps everything without a filter', () => {
    expect(ids(log, {})).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('filters by connection and by unit', () => {
    expect(ids(log, { connectionId: 'tcp1' })).toEqual([6]);
    expect(ids(log, { unitId: 2 })).toEqual([3, 4]);
    expect(ids(log, { connectionId: 'bus1', unitId: 1 })).toEqual([1, 2, 5]);
  });

  it('keeps only exception answers and bad CRCs when asked for errors', () => {
    expect(ids(log, { onlyErrors: true })).toEqual([4, 5]);
    expect(ids(log, { onlyErrors: true, unitId: 1 })).toEqual([5]);
  });

  it('finds text case-blind in the decoded text or the hex', () => {
    expect(ids(log, { text: 'ILLEGAL DATA' })).toEqual([4]);
    expect(ids(log, { text: '01 04 00 00' })).toEqual([6]);
    expect(ids(log, { text: '00 0a 00 0b' })).toEqual([2, 5]);
  });

  it('applies afterId and limit to what the filter keeps', () => {
    expect(ids(log, { afterId: 2, limit: 2 })).toEqual([5, 6]);
    expect(ids(log, { afterId: 1, unitId: 1 })).toEqual([2, 5, 6]); // 6 is unit 1 on the TCP connection
  });

  it('exports the same rows as CSV', () => {
    const rows = log.toCsv({ onlyErrors: true }).split('\r\n').filter(Boolean).slice(1);
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual([4, 5]);
  });
});
