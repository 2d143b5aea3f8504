import { afterEach, describe, expect, it } from 'vitest';
import { HoleMap, planBlocks, rtuBytes, type PlanItem } from '../../src/engine/modbus/planner';
import { readBlocks } from '../../src/engine/modbus/block-reader';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';

const item = (key: string, address: number, width = 1, table: PlanItem['table'] = 'holding', unitId = 1): PlanItem => ({ key, unitId, table, address, width });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('block planner', () => {
  it('coalesces neighbours and bridges gaps up to maxGap', () => {
    const items = [item('a', 0), item('b', 1, 2), item('c', 5), item('d', 200, 2)];
    const { blocks } = planBlocks(items, { maxGap: 2 });
    expect(blocks.map((b) => [b.address, b.count, b.items.map((i) => i.key).join('')])).toEqual([
      [0, 6, 'abc'],
      [200, 2, 'd'],
    ]);
    expect(planBlocks(items, { maxGap: 0 }).blocks).toHaveLength(3);
  });

  it('never exceeds 125 registers or 2000 bits per request, and keeps tables and units apart', () => {
    const regs = Array.from({ length: 300 }, (_, i) => item(`r${i}`, i));
    const { blocks } = planBlocks(regs, {});
    expect(blocks.map((b) => b.count)).toEqual([125, 125, 50]);
    const costly = { maxGap: 200, requestOverheadBytes: 1000 };
    const edge = planBlocks([item('x', 0), item('y', 123, 2)], costly).blocks;
    expect(edge.map((b) => b.count)).toEqual([125]);
    const over = planBlocks([item('x', 0), item('y', 124, 2)], costly).blocks;
    expect(over.map((b) => [b.address, b.count])).toEqual([[0, 1], [124, 2]]);
    const bits = Array.from({ length: 2500 }, (_, i) => item(`c${i}`, i, 1, 'coil'));
    expect(planBlocks(bits).blocks.map((b) => b.count)).toEqual([2000, 500]);
    const mixed = planBlocks([item('h', 0), item('i', 1, 1, 'input'), item('u2', 1, 1, 'holding', 2)], { maxGap: 5 }).blocks;
    expect(mixed).toHaveLength(3);
  });

  it('reads a gap only when that costs less line time than another request', () => {
    const near = planBlocks([item('a', 0), item('b', 5)], { maxGap: 100 }).blocks;
    expect(near.map((b) => [b.address, b.count])).toEqual([[0, 6]]); // 8 bytes of gap < 21 bytes of request
    const far = planBlocks([item('a', 0), item('b', 20)], { maxGap: 100 }).blocks;
    expect(far.map((b) => [b.address, b.count])).toEqual([[0, 1], [20, 1]]); // 38 bytes of gap > 21
    const capped = planBlocks([item('a', 0), item('b', 5)], { maxGap: 3 }).blocks;
    expect(capped).toHaveLength(2); // the configured maximum gap wins over the cost model
  });

  it('does not bridge a known hole and lists items inside one as unreadable', () => {
    const holes = new HoleMap();
    holes.add(1, 'holding', 3);
    const { blocks, unreadable } = planBlocks([item('a', 0, 2), item('b', 5), item('c', 3)], { maxGap: 10 }, holes);
    expect(blocks.map((b) => [b.address, b.count])).toEqual([[0, 2], [5, 1]]);
    expect(unreadable.map((i) => i.key)).toEqual(['c']);
  });

  it('counts RTU bytes on the wire for a block', () => {
    expect(rtuBytes({ table: 'holding', count: 10 })).toBe(8 + 5 + 20);
    expect(rtuBytes({ table: 'coil', count: 10 })).toBe(8 + 5 + 2);
  });
});

describe('hole learning against the simulator', () => {
  async function setup(holeAt: number[]) {
    const plant = createDemoPlant();
    for (const a of holeAt) plant.bank.holes.holding.add(a);
    const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    const master = new TcpMaster({ host: '127.0.0.1', port: sim.port, timeoutMs: 500 });
    cleanups.push(() => sim.close(), () => master.close());
    return master;
  }

  it('splits a block that answers exception 02, learns the hole in the gap, and keeps every tag Good', async () => {
    const master = await setup([3]);
    const holes = new HoleMap();
    const items = [item('t0', 0), item('t1', 1), item('t2', 2), item('t4', 4), item('t5', 5)];
    const first = await readBlocks(master, planBlocks(items, { maxGap: 10 }, holes).blocks, holes);
    expect([...first.values()].every((r) => r.ok)).toBe(true);
    expect((first.get('t0') as { raw: number[] }).raw).toEqual([1500]);
    expect(holes.list(1, 'holding')).toEqual([3]);
    const requestsAfterLearning = master.stats.snapshot(1).requests;
    const plan = planBlocks(items, { maxGap: 10 }, holes).blocks;
    expect(plan.map((b) => [b.address, b.count])).toEqual([[0, 3], [4, 2]]);
    await readBlocks(master, plan, holes);
    expect(master.stats.snapshot(1).requests - requestsAfterLearning).toBe(2);
    expect(master.stats.snapshot(1).exceptions).toEqual({ '0x02': 1 });
  });

  it('marks a tag that sits on an unreadable address Bad with the exception, and its neighbours Good', async () => {
    const master = await setup([39]);
    const holes = new HoleMap();
    const items = [item('tank', 0), item('flow', 9, 2), item('valve', 39), item('current', 29)];
    const r = await readBlocks(master, planBlocks(items, { maxGap: 50 }, holes).blocks, holes);
    expect(r.get('valve')).toEqual({ ok: false, quality: { status: 'bad', reason: 'exception 0x02 (illegal data address)' } });
    expect(r.get('tank')).toEqual({ ok: true, raw: [1500] });
    expect(r.get('flow')?.ok).toBe(true);
    expect(r.get('current')?.ok).toBe(true);
    expect(planBlocks(items, { maxGap: 50 }, holes).unreadable.map((i) => i.key)).toEqual(['valve']);
  });
});
