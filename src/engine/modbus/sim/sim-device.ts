import { RegisterBank } from './register-bank';
import type { WriteListener } from './pdu-handler';

/** A simulated device: one register bank per unit id, shared by every front end (TCP, RTU). */
export class SimDevice {
  private readonly units = new Map<number, RegisterBank>();
  private readonly writeListeners: WriteListener[] = [];
  /** FC 43/14 basic objects: vendor name, product code, major.minor revision. */
  identity: string[] = ['Fieldbench', 'FB-SIM', '1.0'];

  addUnit(unitId: number, bank = new RegisterBank()): RegisterBank {
    this.units.set(unitId, bank);
    return bank;
  }

  unit(unitId: number): RegisterBank | undefined {
    const direct = this.units.get(unitId);
    if (direct) return direct;
    if (unitId === 0 || unitId === 255) return this.units.values().next().value;
    return undefined;
  }

  unitIds(): number[] {
    return [...this.units.keys()];
  }

  readonly onWrite: WriteListener = (table, address, count) => {
    for (const l of this.writeListeners) l(table, address, count);
  };

  addWriteListener(l: WriteListener): void {
    this.writeListeners.push(l);
  }
}
