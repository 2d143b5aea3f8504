import { SimDevice } from './sim-device';
import type { RegisterBank } from './register-bank';
import { writeSunSpecDevice, type SunSpecValues } from './sunspec-device';

/** The demo plant's PV inverter, as a SunSpec device at the usual base (holding 40001 + 40000): models 1 and 103. */
export const DEMO_SUNSPEC: { id: number; values: SunSpecValues }[] = [
  { id: 1, values: { Mn: 'Fieldbench', Md: 'SIM-INV-10K', Vr: '1.0.0', SN: 'FB-000123', DA: 1 } },
  { id: 103, values: { A: 1234, A_SF: -2, AphA: 412, AphB: 411, AphC: 411, PhVphA: 2301, PhVphB: 2298, PhVphC: 2305, V_SF: -1, W: 8420, W_SF: 0, Hz: 5001, Hz_SF: -2, WH: 1234567, WH_SF: 0, St: 4 } },
];

/**
 * The demo plant every new user sees: a tank, a pump and a valve, in holding registers (1-based 4xxxx numbering).
 *
 *   40001        tank_level_mm      uint16              1500 until written
 *   40010-40011  flow_rate_lpm      float32 ABCD        starts at 25.5, drifts around it
 *   40020-40021  pump_pressure_bar  float32 ABCD        about 3.2 bar, follows the flow
 *   40030        motor_current_a    uint16 x 0.01 A     about 12.50 A, follows the flow
 *   40040        valve_state        uint16              1 = open (0 closed)
 */
export const DEMO_PLANT_POINTS = [
  { name: 'tank_level_mm', address: 0, type: 'uint16', scale: 1, units: 'mm' },
  { name: 'flow_rate_lpm', address: 9, type: 'float32', scale: 1, units: 'L/min' },
  { name: 'pump_pressure_bar', address: 19, type: 'float32', scale: 1, units: 'bar' },
  { name: 'motor_current_a', address: 29, type: 'uint16', scale: 0.01, units: 'A' },
  { name: 'valve_state', address: 39, type: 'uint16', scale: 1, units: '' },
] as const;

export const DEMO_UNIT_ID = 1;

export interface DemoPlant {
  device: SimDevice;
  bank: RegisterBank;
  /** Advance the process to time t (seconds); called by the ticker, or by tests for a deterministic state. */
  step(t: number): void;
  start(periodMs?: number): void;
  stop(): void;
}

export function createDemoPlant(unitId = DEMO_UNIT_ID): DemoPlant {
  const device = new SimDevice();
  const bank = device.addUnit(unitId);
  const written = new Set<number>();
  device.addWriteListener((table, address, count) => {
    if (table === 'holding') for (let a = address; a < address + count; a++) written.add(a);
  });

  writeSunSpecDevice(bank, DEMO_SUNSPEC);
  bank.holding[0] = 1500;
  bank.setFloat32('holding', 9, 25.5);
  bank.holding[39] = 1;

  const step = (t: number): void => {
    // Written registers belong to the operator now; the process model leaves them alone.
    const valveOpen = bank.holding[39] !== 0;
    const flow = valveOpen ? 25.5 + 1.5 * Math.sin(t / 7) + 0.4 * Math.sin(t / 1.3) : 0;
    if (!written.has(9) && !written.has(10)) bank.setFloat32('holding', 9, flow);
    if (!written.has(19) && !written.has(20)) bank.setFloat32('holding', 19, 3.2 + 0.05 * (flow - 25.5) + 0.02 * Math.sin(t / 0.9));
    if (!written.has(29)) bank.holding[29] = Math.round((valveOpen ? 12.5 + 0.2 * (flow - 25.5) : 0.8) * 100);
  };

  let timer: NodeJS.Timeout | null = null;
  const t0 = Date.now();
  step(0);
  bank.setFloat32('holding', 9, 25.5);
  return {
    device,
    bank,
    step,
    start(periodMs = 250) {
      if (timer) return;
      timer = setInterval(() => step((Date.now() - t0) / 1000), periodMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
