import { createDemoPlant, DEMO_UNIT_ID } from './demo-plant';
import { serveTcp, type RunningTcpSim } from './tcp-server';

/** The port a new user's demo plant listens on when it is free. */
export const DEMO_SIM_PORT = 5020;

export interface DemoSimulator {
  /** What the engine is given as its built-in simulator (plain data: it crosses the contract in app.info). */
  target: { host: string; port: number; unitId: number };
  close(): Promise<void>;
}

function portUnavailable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  // EACCES: Windows reserves port ranges (Hyper-V, WinNAT) and refuses to bind inside them.
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/**
 * Start the demo plant (tank, pump, valve) as a Modbus TCP slave on 127.0.0.1, on the wanted port or, when that
 * port is taken, on a free one. Used by every host that shows a new user live values: the desktop app and web mode.
 */
export async function startDemoSimulator(opts: { port?: number } = {}): Promise<DemoSimulator> {
  const host = '127.0.0.1';
  const plant = createDemoPlant(DEMO_UNIT_ID);
  plant.start();
  let sim: RunningTcpSim;
  try {
    sim = await serveTcp(plant.device, { host, port: opts.port ?? DEMO_SIM_PORT }).catch((err: unknown) => {
      if (!portUnavailable(err)) throw err;
      return serveTcp(plant.device, { host, port: 0 });
    });
  } catch (err) {
    plant.stop();
    throw err;
  }
  return {
    target: { host: sim.host, port: sim.port, unitId: DEMO_UNIT_ID },
    close: async () => {
      plant.stop();
      await sim.close();
    },
  };
}
