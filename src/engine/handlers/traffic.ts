import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';

type TrafficHandlers = Pick<Handlers, 'traffic.list' | 'traffic.setPaused' | 'traffic.status' | 'traffic.clear' | 'traffic.exportCsv'>;

export function trafficHandlers(engine: EngineContext): TrafficHandlers {
  const traffic = engine.traffic;
  return {
    'traffic.list': async (filter) => traffic.list({ limit: 2000, ...filter }),
    'traffic.setPaused': async ({ paused }) => {
      traffic.setPaused(paused);
      return { paused: traffic.isPaused };
    },
    'traffic.status': async () => ({ paused: traffic.isPaused }),
    'traffic.clear': async () => {
      traffic.clear();
      return {};
    },
    'traffic.exportCsv': async (filter) => ({
      fileName: `fieldbench-traffic-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`,
      csv: traffic.toCsv(filter),
    }),
  };
}
