import { afterEach, describe, expect, it, vi } from 'vitest';
import { TagPoller, type RawReading } from '../../src/engine/modbus/tag-poller';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { handlePdu } from '../../src/engine/modbus/sim/pdu-handler';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim() {
  const plant = createDemoPlant();
  const s = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  const master = new TcpMaster({ host: '127.0.0.1', port: s.port, timeoutMs: 500 });
  cleanups.push(() => s.close(), () => master.close());
  return { plant, master };
}

describe('tag poller', () => {
  it('reads the demo plant tags in one request and gives each its registers', async () => {
    const { master } = await sim();
    const tags = [
      { key: 'tank', unitId: 1, table: 'holding' as const, address: 0, width: 1, scanClassMs: 1000 },
      { key: 'flow', unitId: 1, table: 'holding' as const, address: 9, width: 2, scanClassMs: 1000 },
      { key: 'valve', unitId: 1, table: 'holding' as const, address: 39, width: 1, scanClassMs: 1000 },
    ];
    const poller = new TagPoller(master, tags, () => undefined, { maxGap: 50, requestOverheadBytes: 200 });
    const r = await poller.scanOnce();
    expect(r.find((x) => x.key === 'tank')).toMatchObject({ raw: [1500], quality: { status: 'good' } });
    expect(r.find((x) => x.key === 'valve')).toMatchObject({ raw: [1] });
    expect(master.stats.snapshot(1).requests).toBe(1);
  });

  // Scheduling is checked on a fake clock (setTimeout and performance.now, what the poller takes its time from):
  // time moves only when the test says, so the intervals are exact and a loaded machine cannot change them. The
  // device is the simulator's own PDU handler, answering in-process: a socket would bring real time back in.
  const FAST = { key: 'fast', unitId: 1, table: 'holding' as const, address: 0, width: 1, scanClassMs: 100 };
  const SLOW = { key: 'slow', unitId: 1, table: 'holding' as const, address: 29, width: 1, scanClassMs: 400 };

  /** A channel to the demo plant that records when each request leaves and when its answer comes, per scan class. */
  function clockedChannel(answerAfterMs: (key: string) => number) {
    const plant = createDemoPlant();
    const log: { key: string; sent: number; answered?: number }[] = [];
    const inFlight = new Map<string, number>();
    let mostInFlight = 0;
    const t0 = performance.now();
    const channel = {
      request: async (unitId: number, pdu: Buffer) => {
        const key = pdu.readUInt16BE(1) === FAST.address ? 'fast' : 'slow';
        const entry: (typeof log)[number] = { key, sent: performance.now() - t0 };
        log.push(entry);
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        mostInFlight = Math.max(mostInFlight, inFlight.get(key)!);
        const delay = answerAfterMs(key);
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        inFlight.set(key, inFlight.get(key)! - 1);
        entry.answered = performance.now() - t0;
        return handlePdu(plant.device.unit(unitId)!, pdu);
      },
    };
    const of = (key: string) => log.filter((s) => s.key === key);
    return { channel, times: (key: string) => of(key).map((s) => s.sent), of, mostInFlight: () => mostInFlight };
  }

  it('polls each scan class at its own interval, never faster', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    cleanups.push(() => vi.useRealTimers());
    const { channel, times } = clockedChannel(() => 0);
    const batches: RawReading[][] = [];
    const poller = new TagPoller(channel, [FAST, SLOW], (rs) => batches.push(rs));
    poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    await vi.advanceTimersByTimeAsync(1000); // stopped: nothing more leaves
    // Requests of a class leave one interval apart, from the start, neither sooner nor later.
    expect(times('fast')).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(times('slow')).toEqual([0, 400, 800]);
    // Each scan hands its readings on: one batch per request here, each with its tag's value.
    expect(batches).toHaveLength(14);
    expect(batches.flat().find((r) => r.key === 'fast')).toMatchObject({ raw: [1500], quality: { status: 'good' } });
    expect(poller.stats().map((s) => s.scanClassMs).sort()).toEqual([100, 400]);
    expect(poller.stats().map((s) => s.overruns)).toEqual([0, 0]);
  });

  it('a scan slower than its interval delays the next one: never two scans of a class at once, and it counts the overrun', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    cleanups.push(() => vi.useRealTimers());
    // The fast class's device takes 150 ms to answer a 100 ms scan class; the slow class answers at once.
    const { channel, times, of, mostInFlight } = clockedChannel((key) => (key === 'fast' ? 150 : 0));
    const poller = new TagPoller(channel, [FAST, SLOW], () => undefined);
    poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(mostInFlight()).toBe(1);
    // Each scan leaves once the previous answer is in, and as it comes in, not a further interval later.
    const fast = of('fast');
    expect(fast.length).toBe(7); // 1000 ms of 150 ms scans
    for (let i = 1; i < fast.length; i++) {
      expect(fast[i]!.sent).toBeGreaterThanOrEqual(fast[i - 1]!.answered!);
      expect(fast[i]!.sent - fast[i - 1]!.answered!).toBeLessThan(FAST.scanClassMs);
    }
    // The other class keeps its own interval.
    expect(times('slow')).toEqual([0, 400, 800]);
    const stats = poller.stats().find((s) => s.scanClassMs === FAST.scanClassMs)!;
    expect(stats.scans).toBeGreaterThan(0);
    expect(stats.overruns).toBe(stats.scans);
  });
});
