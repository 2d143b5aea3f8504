import { startCipSim } from '../../src/engine/cip/sim/sim-server';

/**
 * The controller simulator as a process of its own for cip.bench.ts, with `argv[2]` Analog tags (500 unless told):
 * a controller is never in its client's process, and in one process the simulator's work and the client's share one
 * event loop. Prints its port; SIGTERM closes it.
 */
void startCipSim({ port: 0, analogs: Number(process.argv[2] ?? 500) }).then((sim) => {
  process.stdout.write(`cip sim listening on 127.0.0.1:${sim.port}\n`);
  process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
});
