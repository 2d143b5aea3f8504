import { FieldbenchError } from '../../shared/errors';
import type { Handlers } from '../dispatch';
import { MAX_WATCHES } from '../../shared/project/schema';
import { newId } from '../ids';
import { readRange, refuseBroadcastRead } from '../modbus/read-range';
import { discoverSunSpec } from '../sunspec/discover';
import type { EngineContext } from './context';

type ModbusHandlers = Pick<Handlers, 'modbus.read' | 'watches.list' | 'watches.add' | 'watches.remove' | 'scan.start' | 'scan.cancel' | 'sunspec.discover'>;

export function modbusHandlers(engine: EngineContext): ModbusHandlers {
  const store = engine.store;
  return {
    'modbus.read': async (input) => readRange(engine.core, input),

    'watches.list': async () => store.project.watches,

    'watches.add': async (input) => {
      refuseBroadcastRead(engine.core, input.deviceId);
      if (store.project.watches.length >= MAX_WATCHES) throw new FieldbenchError('invalid_input', `the project already has ${MAX_WATCHES} register watches, the most one project polls: remove some first`);
      const watch = { id: newId('watch'), ...input };
      engine.update((doc) => ({ ...doc, watches: [...doc.watches, watch] }));
      return watch;
    },

    'watches.remove': async ({ watchId }) => {
      if (!store.project.watches.some((w) => w.id === watchId)) throw new FieldbenchError('not_found', `no watch with id "${watchId}"`);
      engine.update((doc) => ({ ...doc, watches: doc.watches.filter((w) => w.id !== watchId) }));
      return {};
    },

    'scan.start': async (req) => engine.scans.start(req),
    'scan.cancel': async ({ scanId }) => ({ cancelled: engine.scans.cancel(scanId) }),

    'sunspec.discover': async ({ deviceId }) => {
      refuseBroadcastRead(engine.core, deviceId);
      const { device, channel } = engine.core.modbus(deviceId);
      return discoverSunSpec(channel, device.unitId);
    },
  };
}
