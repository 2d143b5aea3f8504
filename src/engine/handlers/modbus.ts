import type { Handlers } from '../dispatch';
import type { Engine } from '../engine';
import { readDecoded } from '../modbus/read';
import { newId } from '../ids';
import { FieldbenchError } from '../../shared/errors';

type ModbusHandlers = Pick<
  Handlers,
  'modbus.read' | 'watches.list' | 'watches.add' | 'watches.remove' | 'scan.start' | 'scan.cancel' | 'writes.prepare' | 'writes.confirm' | 'writes.cancel' | 'audit.list'
>;

export function modbusHandlers(engine: Engine): ModbusHandlers {
  const store = engine.store;
  return {
    'modbus.read': async (input) => {
      const { device, channel } = engine.device(input.deviceId);
      return readDecoded(channel, device.id, { unitId: device.unitId, ...input });
    },

    'watches.list': async () => store.project.watches,

    'watches.add': async (input) => {
      engine.device(input.deviceId); // the device must exist
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

    'writes.prepare': async (input) => {
      const { device, channel } = engine.device(input.deviceId);
      return engine.writes.prepare(input, device, channel);
    },
    'writes.confirm': async ({ ticketId }) => engine.writes.confirm(ticketId, (id) => engine.device(id)),
    'writes.cancel': async ({ ticketId }) => {
      engine.writes.cancel(ticketId);
      return {};
    },
    'audit.list': async ({ limit }) => engine.audit.list(limit),
  };
}
