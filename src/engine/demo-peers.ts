import { startCipSim, type CipSim } from './cip/sim/sim-server';
import { startDemoServer, type DemoServer } from './opcua/demo-server';

export interface DemoPeers {
  opcua: DemoServer | null;
  cip: CipSim | null;
  targets: { opcuaUrl: string | null; cip: { host: string; port: number } | null };
  close(): Promise<void>;
}

/** On the standard port when it is free, else on any free one: a demo never fights a real server for its port. */
async function onPortOrAny<T>(start: (port: number) => Promise<T>, port: number): Promise<T> {
  try {
    return await start(port);
  } catch {
    return start(0);
  }
}

/**
 * The demo peers beside the Modbus demo plant, on 127.0.0.1: the OPC UA demo server and the Logix controller
 * simulator, so the OPC UA and EtherNet/IP screens show something real with no hardware. One that cannot start is
 * left out with a note; the app runs without it.
 */
export async function startDemoPeers(dataDir: string, note: (line: string) => void): Promise<DemoPeers> {
  const [opcua, cip] = await Promise.all([
    onPortOrAny((port) => startDemoServer({ port, machinesPerArea: 4, dataDir }), 4840).catch((err: unknown) => {
      note(`the OPC UA demo server did not start (${err instanceof Error ? err.message : String(err)})`);
      return null;
    }),
    onPortOrAny((port) => startCipSim({ port }), 44818).catch((err: unknown) => {
      note(`the EtherNet/IP controller simulator did not start (${err instanceof Error ? err.message : String(err)})`);
      return null;
    }),
  ]);
  return {
    opcua,
    cip,
    targets: { opcuaUrl: opcua?.url ?? null, cip: cip ? { host: '127.0.0.1', port: cip.port } : null },
    async close() {
      await Promise.all([opcua?.stop(), cip?.close()]);
    },
  };
}
