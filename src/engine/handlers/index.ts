import type { Handlers } from '../dispatch';
import { brokerHandlers } from './broker';
import type { EngineContext } from './context';
import { cipHandlers } from './cip';
import { deviceHandlers } from './devices';
import { gatewayHandlers } from './gateway';
import { modbusHandlers } from './modbus';
import { opcuaHandlers } from './opcua';
import { projectHandlers } from './project';
import { trafficHandlers } from './traffic';
import { tagHandlers } from './tags';
import { writeHandlers } from './writes';

/** Every request of the contract, implemented once; the compiler checks none is missing. */
export function createHandlers(engine: EngineContext): Handlers {
  return {
    'app.info': async () => ({
      name: 'Fieldbench',
      version: engine.options.version,
      host: engine.options.host,
      platform: process.platform,
      simulator: engine.options.simulator ?? null,
      demos: engine.options.demos ?? { opcuaUrl: null, cip: null },
    }),
    ...deviceHandlers(engine),
    ...modbusHandlers(engine),
    ...opcuaHandlers(engine),
    ...cipHandlers(engine),
    ...writeHandlers(engine),
    ...trafficHandlers(engine),
    ...tagHandlers(engine),
    ...projectHandlers(engine),
    ...brokerHandlers(engine),
    ...gatewayHandlers(engine),
  };
}
