import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';

type WriteHandlers = Pick<Handlers, 'writes.prepare' | 'writes.confirm' | 'writes.cancel' | 'audit.list'>;

export function writeHandlers(engine: EngineContext): WriteHandlers {
  const core = engine.core;
  return {
    'writes.prepare': async (input) => core.prepareWrite(input),
    'writes.confirm': async ({ ticketId }) => core.confirmWrite(ticketId),
    'writes.cancel': async ({ ticketId }) => {
      core.cancelWrite(ticketId);
      return {};
    },
    'audit.list': async ({ limit }) => core.audit.list(limit),
  };
}
