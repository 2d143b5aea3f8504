import { afterEach, describe, expect, it } from 'vitest';
import { TagPoller, type RawReading } from '../../src/engine/modbus/tag-poller';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
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

  it('polls each scan class at its own interval, never faster', async () => {
    const { master } = await sim();
    // Record when each request leaves, per address: that is what "poll no faster than configured" is about.
    const seen: { key: string; at: number }[] = [];
    const channel = {
      request: (unitId: number, pdu: Buffer) => {
        seen.push({ key: pdu.readUInt16BE(1) === 0 ? 'fast' : 'slow', at: performance.now() });
        return master.request(unitId, pdu);
      },
    };
    const poller = new TagPoller(
      channel,
      [
        { key: 'fast', unitId: 1, table: 'holding', address: 0, width: 1, scanClassMs: 100 },
        { key: 'slow', unitId: 1, table: 'holding', address: 29, width: 1, scanClassMs: 400 },
      ],
      (_rs: RawReading[]) => undefined,
    );
    poller.start();
    await new Promise((r) => setTimeout(r, 1000));
    poller.stop();
    const fast = seen.filter((s) => s.key === 'fast').map((s) => s.at);
    const slow = seen.filter((s) => s.key === 'slow').map((s) => s.at);
    expect(fast.length).toBeGreaterThanOrEqual(3);
    expect(fast.length).toBeLessThanOrEqual(11);
    expect(slow.length).toBeGreaterThanOrEqual(2);
    expect(slow.length).toBeLessThanOrEqual(3);
    // Consecutive requests of a class leave at least its interval apart (5 ms allowed for timer and GC jitter between scan start and send).
    for (let i = 1; i < fast.length; i++) expect(fast[i]! - fast[i - 1]!).toBeGreaterThanOrEqual(95);
    for (let i = 1; i < slow.length; i++) expect(slow[i]! - slow[i - 1]!).toBeGreaterThanOrEqual(395);
    expect(poller.stats().map((s) => s.scanClassMs).sort()).toEqual([100, 400]);
  });
});
