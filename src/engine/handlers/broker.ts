import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';

type BrokerHandlers = Pick<Handlers, 'broker.start' | 'broker.stop' | 'broker.status'>;

export function brokerHandlers(engine: EngineContext): BrokerHandlers {
  return {
    'broker.start': async ({ port }) => engine.broker.start(port),
    'broker.stop': async () => engine.broker.stop(),
    'broker.status': async () => engine.broker.status(),
  };
}
