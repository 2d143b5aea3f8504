import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FieldbenchError, zodIssues } from '../../shared/errors';
import type { BridgeEndpoint, BridgeRule } from './bridge';

const Prefix = z.string().max(500).refine((p) => !/[+#]/.test(p), 'a topic prefix has no wildcards');

/** A bridge's settings file (JSON): the upstream broker and the topic rules. Secrets are named by file, never inline. */
export const BridgeConfig = z.object({
  remote: z.object({
    url: z.string().regex(/^mqtts?:\/\/[^/]+/, 'mqtt://HOST:PORT or mqtts://HOST:PORT'),
    username: z.string().max(200).optional(),
    passwordFile: z.string().optional(),
    caFile: z.string().optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
  }),
  rules: z
    .array(z.object({ local: Prefix, remote: Prefix, direction: z.enum(['out', 'in', 'both']).default('out'), qos: z.union([z.literal(0), z.literal(1)]).default(1) }))
    .min(1)
    .max(100),
  backoff: z.object({ minMs: z.number().int().min(50).max(60_000), maxMs: z.number().int().min(50).max(3_600_000) }).optional(),
});

/** Read and check a bridge settings file; files it names are relative to it. */
export function loadBridgeConfig(file: string): { remote: BridgeEndpoint; rules: BridgeRule[]; backoff?: { minMs: number; maxMs: number } } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FieldbenchError('invalid_input', `bridge settings ${file}: ${(e as Error).message}`);
  }
  const parsed = BridgeConfig.safeParse(raw);
  if (!parsed.success) {
    const i = zodIssues(parsed.error)[0];
    throw new FieldbenchError('invalid_input', `bridge settings ${file}: ${i ? `${i.path}: ${i.message}` : 'invalid'}`);
  }
  const c = parsed.data;
  const read = (f: string | undefined, what: string) => {
    if (f === undefined) return undefined;
    try {
      return readFileSync(path.resolve(path.dirname(file), f), 'utf8');
    } catch (e) {
      throw new FieldbenchError('invalid_input', `bridge settings ${file}: ${what} ${f}: ${(e as Error).message}`);
    }
  };
  const remote: BridgeEndpoint = { url: c.remote.url };
  if (c.remote.username !== undefined) remote.username = c.remote.username;
  const password = read(c.remote.passwordFile, 'passwordFile')?.replace(/\r?\n$/, '');
  if (password !== undefined) remote.password = password;
  const ca = read(c.remote.caFile, 'caFile');
  if (ca !== undefined) remote.ca = ca;
  const cert = read(c.remote.certFile, 'certFile');
  if (cert !== undefined) remote.cert = cert;
  const key = read(c.remote.keyFile, 'keyFile');
  if (key !== undefined) remote.key = key;
  return { remote, rules: c.rules, ...(c.backoff ? { backoff: c.backoff } : {}) };
}
