import { bad, type Quality } from '../../shared/quality';
import { ModbusException } from './exceptions';
import { qualityOfError, readRaw, type PduChannel } from './read';
import type { Block, HoleMap, PlanItem } from './planner';

export type ItemReading = { ok: true; raw: number[] } | { ok: false; quality: Quality };

function spanOf(items: PlanItem[]): Block {
  const first = items[0]!;
  const start = Math.min(...items.map((i) => i.address));
  const end = Math.max(...items.map((i) => i.address + i.width));
  return { unitId: first.unitId, table: first.table, address: start, count: end - start, items };
}

/**
 * Read blocks and hand each item its registers. When a block answers exception 02 (illegal data address), split
 * it, remember the unreadable addresses in `holes`, and keep the rest Good: the planner never bridges a learned
 * hole again. Any other failure gives every item of the block the same Bad quality.
 */
export async function readBlocks(channel: PduChannel, blocks: readonly Block[], holes: HoleMap, out = new Map<string, ItemReading>()): Promise<Map<string, ItemReading>> {
  // All blocks go to the channel at once: a TCP master with several transactions in flight pipelines them, an RTU
  // bus queue sends them one by one.
  await Promise.all(blocks.map((block) => readOne(channel, block, holes, out)));
  return out;
}

async function readOne(channel: PduChannel, block: Block, holes: HoleMap, out: Map<string, ItemReading>): Promise<void> {
  try {
    const raw = await readRaw(channel, block);
    for (const it of block.items) {
      const off = it.address - block.address;
      out.set(it.key, { ok: true, raw: raw.slice(off, off + it.width) });
    }
  } catch (err) {
    if (!(err instanceof ModbusException) || err.exceptionCode !== 0x02) {
      const q = qualityOfError(err);
      for (const it of block.items) out.set(it.key, { ok: false, quality: q });
      return;
    }
    // Items that share an address range cannot be split apart: treat a set of identical spans as one.
    const distinct = new Set(block.items.map((i) => `${i.address}:${i.width}`));
    if (distinct.size === 1) {
      holes.add(block.unitId, block.table, block.address, block.count);
      for (const it of block.items) out.set(it.key, { ok: false, quality: bad(err.message) });
      return;
    }
    const sorted = [...block.items].sort((a, b) => a.address - b.address);
    const mid = Math.ceil(sorted.length / 2);
    const left = spanOf(sorted.slice(0, mid));
    const right = spanOf(sorted.slice(mid));
    await Promise.all([readOne(channel, left, holes, out), readOne(channel, right, holes, out)]);
    // Both halves may read fine: then the hole is in the unused registers between them.
    const gapStart = left.address + left.count;
    const gap = right.address - gapStart;
    const leftOk = left.items.every((i) => out.get(i.key)?.ok);
    const rightOk = right.items.every((i) => out.get(i.key)?.ok);
    if (gap > 0 && leftOk && rightOk) holes.add(block.unitId, block.table, gapStart, gap);
  }
}
