import type { Handlers } from '../dispatch';
import type { Engine } from '../engine';

type TrafficHandlers = Pick<Handlers, 'traffic.list' | 'traffic.setPaused' | 'traffic.status' | 'traffic.clear' | 'traffic.exportCsv'>;

export function trafficHandlers(engine: Engine): TrafficHandlers {
  return {
    'traffic.list': async (filter) => engine.traffic.list({ limit: 2000, ...filter }),
    'traffic.setPaused': async ({ paused }) => {
      engine.traffic.setPaused(paused);
      return { paused: engine.traffic.isPaused };
    },
    'traffic.status': async () => ({ paused: engine.traffic.isPaused }),
    'traffic.clear': async () => {
      engine.traffic.clear();
      return {};
    },
    'traffic.exportCsv': async (filter) => ({
      fileName: `fieldbench-traffic-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`,
      csv: engine.traffic.toCsv(filter),
    }),
  };
}
