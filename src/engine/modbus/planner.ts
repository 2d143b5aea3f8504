import { MAX_READ_BITS, MAX_READ_REGISTERS, TABLE_INFO, type ModbusTable } from '../../shared/modbus/tables';

/** One thing to read: a tag's span of registers (or one bit) in a table of a unit. */
export interface PlanItem {
  key: string;
  unitId: number;
  table: ModbusTable;
  address: number;
  /** Registers (register tables) or bits (bit tables) the item spans. */
  width: number;
}

export interface Block {
  unitId: number;
  table: ModbusTable;
  address: number;
  count: number;
  items: PlanItem[];
}

export interface PlanLimits {
  maxRegisters?: number;
  maxBits?: number;
  /** Largest run of unused registers (or bits) that may be read to join two tags into one request. */
  maxGap?: number;
  /**
   * What one more request costs, in bytes of line time: RTU request 8 + response header and CRC 5, plus the
   * inter-frame silences and turnaround (about 8 character times). The planner reads a gap of unused registers
   * only when that is cheaper than another request.
   */
  requestOverheadBytes?: number;
}

export const DEFAULT_REQUEST_OVERHEAD_BYTES = 21;

/** Addresses a device answered exception 02 for, per unit and table: never bridged, never read in a block. */
export class HoleMap {
  private readonly holes = new Map<string, Set<number>>();
  version = 0;

  private set(unitId: number, table: ModbusTable): Set<number> {
    const k = `${unitId}:${table}`;
    let s = this.holes.get(k);
    if (!s) this.holes.set(k, (s = new Set()));
    return s;
  }

  add(unitId: number, table: ModbusTable, address: number, count = 1): void {
    const s = this.set(unitId, table);
    for (let a = address; a < address + count; a++) s.add(a);
    this.version++;
  }

  any(unitId: number, table: ModbusTable, address: number, count: number): boolean {
    const s = this.holes.get(`${unitId}:${table}`);
    if (!s || s.size === 0) return false;
    for (let a = address; a < address + count; a++) if (s.has(a)) return true;
    return false;
  }

  list(unitId: number, table: ModbusTable): number[] {
    return [...(this.holes.get(`${unitId}:${table}`) ?? [])].sort((a, b) => a - b);
  }

  clear(): void {
    this.holes.clear();
    this.version++;
  }
}

/** Data bytes a read of `count` registers or bits returns. */
function dataBytes(table: ModbusTable, count: number): number {
  return TABLE_INFO[table].bits ? Math.ceil(count / 8) : count * 2;
}

/**
 * Split items into read requests with the least line time: an exact dynamic programme over each unit and table's
 * items in address order, where a request costs requestOverheadBytes plus its data bytes, never spans more than
 * 125 registers / 2000 bits, never bridges a gap over maxGap, and never reads a known hole. Items that are
 * themselves in a hole come back in `unreadable`.
 */
export function planBlocks(items: readonly PlanItem[], limits: PlanLimits = {}, holes?: HoleMap): { blocks: Block[]; unreadable: PlanItem[] } {
  const maxGap = limits.maxGap ?? 0;
  const overhead = limits.requestOverheadBytes ?? DEFAULT_REQUEST_OVERHEAD_BYTES;
  const groups = new Map<string, PlanItem[]>();
  const unreadable: PlanItem[] = [];
  for (const it of items) {
    if (holes?.any(it.unitId, it.table, it.address, it.width)) {
      unreadable.push(it);
      continue;
    }
    const k = `${it.unitId}:${it.table}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(it);
  }
  const blocks: Block[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.address - b.address || b.width - a.width);
    const { unitId, table } = g[0]!;
    const max = TABLE_INFO[table].bits ? (limits.maxBits ?? MAX_READ_BITS) : (limits.maxRegisters ?? MAX_READ_REGISTERS);
    const n = g.length;
    // best[i]: least cost to read items 0..i-1; from[i]: where the last block of that plan starts.
    const best = new Float64Array(n + 1).fill(Infinity);
    const from = new Int32Array(n + 1);
    best[0] = 0;
    for (let i = 1; i <= n; i++) {
      // Grow a block backwards from item i-1 while it stays within the limits.
      const last = g[i - 1]!;
      let start = last.address;
      let end = last.address + last.width;
      for (let j = i - 1; j >= 0; j--) {
        const it = g[j]!;
        if (j < i - 1) {
          // Items are sorted by address: the gap is between this item's end and the covered range that follows.
          const itEnd = it.address + it.width;
          const gap = start - itEnd;
          if (gap > maxGap) break;
          if (gap > 0 && holes?.any(unitId, table, itEnd, gap)) break;
          start = Math.min(start, it.address);
          end = Math.max(end, itEnd);
        }
        if (end - start > max) break;
        const cost = best[j]! + overhead + dataBytes(table, end - start);
        if (cost < best[i]!) {
          best[i] = cost;
          from[i] = j;
        }
      }
    }
    const cut: Block[] = [];
    for (let i = n; i > 0; i = from[i]!) {
      const part = g.slice(from[i]!, i);
      const address = Math.min(...part.map((p) => p.address));
      const count = Math.max(...part.map((p) => p.address + p.width)) - address;
      cut.push({ unitId, table, address, count, items: part });
    }
    blocks.push(...cut.reverse());
  }
  return { blocks, unreadable };
}

/** Bytes on the wire for one RTU read of a block: request 8 bytes, response 5 + data bytes. */
export function rtuBytes(block: Pick<Block, 'table' | 'count'>): number {
  const data = TABLE_INFO[block.table].bits ? Math.ceil(block.count / 8) : block.count * 2;
  return 8 + 5 + data;
}
