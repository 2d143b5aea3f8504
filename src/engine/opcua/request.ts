import type { ClientSession } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { opcuaError } from './errors';
import type { OpcUaSession } from './session';
import { withTimeout } from './session';

/**
 * One service request on a session that must be connected now: the session's request timeout applies, and a
 * connection lost meanwhile is named as such instead of waiting for a reconnection.
 */
export async function request<T>(session: OpcUaSession, what: string, fn: (s: ClientSession) => Promise<T>): Promise<T> {
  const s = await session.open();
  if (session.state !== 'connected') throw new FieldbenchError('connection_failed', `${what} on ${session.url}: ${session.detail ?? 'not connected'}`);
  try {
    return await withTimeout(fn(s), session.connection.requestTimeoutMs, `${what} on ${session.url}`);
  } catch (err) {
    if (session.state !== 'connected') throw new FieldbenchError('connection_failed', `${what} on ${session.url}: the connection was lost (${session.detail ?? 'disconnected'})`);
    throw opcuaError(err, `${what} on ${session.url}`);
  }
}
