import { FieldbenchError } from '../shared/errors';

/** "HOST:PORT" (IPv6 in brackets) to its parts; names the flag at fault when it is wrong. */
export function parseEndpoint(value: string | undefined, flag: string, defaultPort = 502): { host: string; port: number } {
  if (!value) throw new FieldbenchError('invalid_input', `${flag} needs HOST:PORT`);
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(value) ?? /^([^:]+)(?::(\d+))?$/.exec(value);
  if (!m) throw new FieldbenchError('invalid_input', `${flag} "${value}" is not HOST:PORT`);
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FieldbenchError('invalid_input', `${flag}: port ${m[2]} is out of range`);
  return { host: m[1]!, port };
}

export function parseIntFlag(value: string | undefined, flag: string, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new FieldbenchError('invalid_input', `${flag} is required`);
    return fallback;
  }
  const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new FieldbenchError('invalid_input', `${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(value: string | undefined, flag: string, options: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  const hit = options.find((o) => o.toLowerCase() === v);
  if (!hit) throw new FieldbenchError('invalid_input', `${flag} must be one of ${options.join(', ')}, got "${value}"`);
  return hit;
}
