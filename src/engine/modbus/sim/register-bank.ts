import type { ModbusTable } from '../../../shared/modbus/tables';

/** The four data tables of one simulated unit: 65,536 entries each. */
export class RegisterBank {
  readonly holding = new Uint16Array(65536);
  readonly input = new Uint16Array(65536);
  readonly coil = new Uint8Array(65536);
  readonly discrete = new Uint8Array(65536);
  /** Addresses that answer exception 02, per table, for hole tests and realistic device maps. */
  readonly holes: Record<ModbusTable, Set<number>> = { holding: new Set(), input: new Set(), coil: new Set(), discrete: new Set() };

  words(table: 'holding' | 'input'): Uint16Array {
    return table === 'holding' ? this.holding : this.input;
  }

  bits(table: 'coil' | 'discrete'): Uint8Array {
    return table === 'coil' ? this.coil : this.discrete;
  }

  setFloat32(table: 'holding' | 'input', address: number, value: number): void {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setFloat32(0, value);
    const w = this.words(table);
    w[address] = dv.getUint16(0);
    w[address + 1] = dv.getUint16(2);
  }

  hasHole(table: ModbusTable, address: number, count: number): boolean {
    const h = this.holes[table];
    if (h.size === 0) return false;
    for (let a = address; a < address + count; a++) if (h.has(a)) return true;
    return false;
  }
}
