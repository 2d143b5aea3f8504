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
  /** Largest run of unused registers (or bits) worth reading to join two tags into one request. */
  maxGap?: number;
}

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

/**
 * Coalesce items into the fewest requests within the device's limits: at most 125 registers / 2000 bits per
 * request, gaps up to maxGap bridged, never across or into a known hole. Items that are themselves in a hole
 * come back in `unreadable`.
 */
export function planBlocks(items: readonly PlanItem[], limits: PlanLimits = {}, holes?: HoleMap): { blocks: Block[]; unreadable: PlanItem[] } {
  const maxGap = limits.maxGap ?? 0;
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
    const first = g[0]!;
    const max = TABLE_INFO[first.table].bits ? (limits.maxBits ?? MAX_READ_BITS) : (limits.maxRegisters ?? MAX_READ_REGISTERS);
    let cur: Block | null = null;
    for (const it of g) {
      const end = it.address + it.width; // exclusive
      if (cur) {
        const curEnd = cur.address + cur.count;
        const gap = it.address - curEnd;
        const newCount = Math.max(curEnd, end) - cur.address;
        const gapHasHole = gap > 0 && holes?.any(cur.unitId, cur.table, curEnd, gap);
        if (gap <= maxGap && newCount <= max && !gapHasHole) {
          cur.count = newCount;
          cur.items.push(it);
          continue;
        }
      }
      cur = { unitId: it.unitId, table: it.table, address: it.address, count: it.width, items: [it] };
      blocks.push(cur);
    }
  }
  return { blocks, unreadable };
}

/** Bytes on the wire for one RTU read of a block: request 8 bytes, response 5 + data bytes. */
export function rtuBytes(block: Pick<Block, 'table' | 'count'>): number {
  const data = TABLE_INFO[block.table].bits ? Math.ceil(block.count / 8) : block.count * 2;
  return 8 + 5 + data;
}
