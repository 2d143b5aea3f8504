import type { SparkplugStatus } from '../../shared/contract/sparkplug';
import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';

type BrokerHandlers = Pick<
  Handlers,
  'broker.start' | 'broker.stop' | 'broker.status' | 'sparkplug.settings' | 'sparkplug.start' | 'sparkplug.stop' | 'sparkplug.status' | 'sparkplug.command' | 'bridge.start' | 'bridge.stop'
>;

function sparkplugStatus(engine: EngineContext): SparkplugStatus {
  return { edge: engine.edge.status(), bridge: engine.bridge.status(), pending: engine.edge.pendingCommands() };
}

export function brokerHandlers(engine: EngineContext): BrokerHandlers {
  return {
    'broker.start': async ({ port, websocket }) => {
      const started = await engine.broker.start(port, websocket);
      // What publishes to the embedded broker logs in again with the login of this run.
      await engine.edge.brokerStarted();
      await engine.bridge.brokerStarted();
      return started;
    },
    'broker.stop': async () => engine.broker.stop(),
    'broker.status': async () => engine.broker.status(),
    'sparkplug.settings': async () => engine.sparkplugSettings.load(engine.core.project),
    'sparkplug.start': async ({ settings, password }) => {
      await engine.edge.start(settings, password);
      return sparkplugStatus(engine);
    },
    'sparkplug.stop': async () => {
      await engine.edge.stop();
      return sparkplugStatus(engine);
    },
    'sparkplug.status': async () => sparkplugStatus(engine),
    'sparkplug.command': async ({ ticketId, confirm }) => ({ outcome: await engine.edge.answer(ticketId, confirm) }),
    'bridge.start': async ({ settings, password }) => {
      engine.bridge.start(settings, password);
      return sparkplugStatus(engine);
    },
    'bridge.stop': async () => {
      await engine.bridge.stop();
      return sparkplugStatus(engine);
    },
  };
}
