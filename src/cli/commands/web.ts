import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine, defaultDirs } from '../../engine/engine';
import { DEMO_SIM_PORT, startDemoSimulator, type DemoSimulator } from '../../engine/modbus/sim/start-demo';
import { startBridge } from '../../bridge/server';
import { packageVersion, rendererDir } from '../paths';
import { startDemoPeers } from '../../engine/demo-peers';
import { parseIntFlag } from '../args';

export const WEB_HELP = `fieldbench web [--port N] [--sim-port N | --no-sim] [--home DIR]

  Runs the engine and serves the Fieldbench UI to a browser on 127.0.0.1, with the demo plant simulator
  as the default target. Prints the URL to open (it carries this run's access token).
  --port      bridge port (default: a free one)
  --sim-port  simulator port (default 5020, or a free one if 5020 is taken)
  --no-sim    do not start the demo plant
  --home      data and workspace folder (default ~/.fieldbench, or $FIELDBENCH_HOME)`;

export interface WebRun {
  url: string;
  simulator: DemoSimulator['target'] | null;
  close(): Promise<void>;
}

export async function startWeb(argv: string[], out: (line: string) => void): Promise<WebRun> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'sim-port': { type: 'string' },
      'no-sim': { type: 'boolean', default: false },
      home: { type: 'string' },
    },
    strict: true,
  });
  const staticDir = rendererDir();
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`the UI is not built (${staticDir} is missing): run "npm run build" first`);
  }
  const sim: DemoSimulator | null = values['no-sim']
    ? null
    : await startDemoSimulator({ port: parseIntFlag(values['sim-port'], '--sim-port', 0, 65535, DEMO_SIM_PORT) });
  const dirs = values.home ? { dataDir: path.join(values.home, 'data'), workspaceDir: path.join(values.home, 'projects') } : defaultDirs();
  const peers = values['no-sim'] ? null : await startDemoPeers(dirs.dataDir, (line) => out(`note: ${line}`));
  const engine = new Engine({
    host: 'web',
    version: packageVersion(),
    ...dirs,
    simulator: sim?.target ?? null,
    demos: peers?.targets ?? { opcuaUrl: null, cip: null },
  });
  await engine.start();
  const bridge = await startBridge(engine, { port: parseIntFlag(values.port, '--port', 0, 65535, 0), staticDir });
  if (sim) out(`Demo plant simulator on ${sim.target.host}:${sim.target.port} (unit ${sim.target.unitId})`);
  if (peers?.opcua) out(`OPC UA demo server on ${peers.opcua.url} (user "${peers.opcua.user}", password "${peers.opcua.password}", generated for this run)`);
  if (peers?.cip) out(`EtherNet/IP controller simulator on 127.0.0.1:${peers.cip.port}`);
  out(`Fieldbench web UI: ${bridge.url}`);
  return {
    url: bridge.url,
    simulator: sim?.target ?? null,
    close: async () => {
      await bridge.close();
      await engine.close();
      await sim?.close();
      await peers?.close();
    },
  };
}

export async function webCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const run = await startWeb(argv, out);
  await until;
  await run.close();
  return 0;
}
