import { FieldbenchError } from '../../shared/errors';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The address a broker listens on: loopback unless the caller explicitly allows the network, and then with a warning
 * that says what is now reachable.
 */
export function checkListenHost(host: string, allowNetwork: boolean, warn: (line: string) => void): string {
  if (isLoopback(host)) return host;
  if (!allowNetwork) {
    throw new FieldbenchError('forbidden', `the broker listens on loopback only unless told otherwise; listening on ${host} needs the explicit network option`);
  }
  warn(`warning: the broker listens on ${host}: any machine that can reach this address can try to connect (user name and password are still required)`);
  return host;
}
