import { FieldbenchError } from '../../shared/errors';
import type { CipConnection } from '../../shared/project/schema';
import { parseEndpoint, parseIntFlag } from '../args';

export const CIP_OPTIONS = {
  cip: { type: 'string' },
  slot: { type: 'string' },
  route: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CIP_HELP = `  --cip HOST[:PORT]   an EtherNet/IP controller (port 44818 unless given)
  --slot N            the controller's backplane slot (route path 1,N; default 0)
  --route PATH        the whole route path instead (port,link pairs such as 1,0); --route= for a Micro800 (none)
  --timeout MS        how long to wait for each answer (default 3000)`;

/** The connection the --cip flags describe. */
export function cipFromFlags(v: { cip?: string; slot?: string; route?: string; timeout?: string }): Omit<CipConnection, 'id' | 'name'> {
  if (!v.cip) throw new FieldbenchError('invalid_input', '--cip HOST[:PORT] is required');
  const { host, port } = parseEndpoint(v.cip, '--cip', 44818);
  if (v.slot !== undefined && v.route !== undefined) throw new FieldbenchError('invalid_input', 'use --slot or --route, not both');
  const routePath = v.route !== undefined ? v.route.trim() : `1,${parseIntFlag(v.slot, '--slot', 0, 255, 0)}`;
  return { kind: 'cip', host, port, routePath, timeoutMs: parseIntFlag(v.timeout, '--timeout', 100, 600_000, 3000) };
}
