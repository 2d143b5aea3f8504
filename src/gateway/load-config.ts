import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { isLoopback } from '../engine/broker/listen-host';
import { FieldbenchError, zodIssues, type ErrorIssue } from '../shared/errors';
import { GatewayConfig } from '../shared/gateway/config';
import { PROJECT_FORMAT, PROJECT_VERSION, Project } from '../shared/project/schema';
import { secretPaths } from '../shared/project/summary';
import { certificateFiles } from './certs/config-files';

/** A gateway config that passed every check, with the folder its relative file paths are resolved against. */
export interface LoadedConfig {
  file: string;
  config: GatewayConfig;
  /** A path from the config made absolute (relative ones are relative to gateway.json's folder). */
  resolve(p: string): string;
}

/** "northbound.broker.url: a broker URL is ..." — one line per problem, the path first. */
export function formatIssue(i: ErrorIssue): string {
  return `${i.path || '(the config)'}: ${i.message}`;
}

/**
 * Every problem of a gateway config by path, in one pass, before anything connects: the schema and its cross-field
 * rules, secrets written inline, files it names that cannot be read, a health endpoint off loopback without consent.
 */
export function checkConfig(raw: unknown, baseDir: string): { config: GatewayConfig | null; issues: ErrorIssue[] } {
  const issues: ErrorIssue[] = secretPaths(raw).map((p) => ({ path: p, message: 'a secret written into the config: name a file that holds it (credentials.passwordFile), never the secret itself' }));
  const parsed = GatewayConfig.safeParse(raw);
  if (!parsed.success) return { config: null, issues: [...issues, ...zodIssues(parsed.error)] };
  const config = parsed.data;
  const resolve = (p: string) => path.resolve(baseDir, p);
  const readable = (p: string | undefined, at: string) => {
    if (p === undefined) return;
    try {
      accessSync(resolve(p), constants.R_OK);
    } catch (e) {
      issues.push({ path: at, message: `cannot read ${resolve(p)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  };
  const nb = config.northbound;
  readable(nb.credentials?.passwordFile, 'northbound.credentials.passwordFile');
  readable(nb.tls?.ca, 'northbound.tls.ca');
  readable(nb.tls?.cert, 'northbound.tls.cert');
  readable(nb.tls?.key, 'northbound.tls.key');
  readable(config.opcuaServer?.user?.passwordFile, 'opcuaServer.user.passwordFile');
  for (const [file, at] of certificateFiles(config)) readable(file, at);
  if (config.opcuaServer && !isLoopback(config.opcuaServer.host) && !config.opcuaServer.allowNetwork) {
    issues.push({ path: 'opcuaServer.host', message: `${config.opcuaServer.host} is not a loopback address: the OPC UA server listens on loopback only unless opcuaServer.allowNetwork is true` });
  }
  if (!isLoopback(config.health.host) && !config.health.allowNetwork) {
    issues.push({ path: 'health.host', message: `${config.health.host} is not a loopback address: the health endpoint listens on loopback only unless health.allowNetwork is true` });
  }
  return { config: issues.length ? null : config, issues };
}

/** Read and check gateway.json; a FieldbenchError with every problem as an issue when it is not a valid config. */
export function loadConfig(file: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? `not valid JSON: ${e.message}` : (e as Error).message;
    throw new FieldbenchError('invalid_input', `${file}: ${why}`, [{ path: '', message: why }]);
  }
  const baseDir = path.dirname(path.resolve(file));
  const { config, issues } = checkConfig(raw, baseDir);
  if (!config) throw new FieldbenchError('invalid_input', `${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
  return { file, config, resolve: (p) => path.resolve(baseDir, p) };
}

/** The southbound part of a config as the project the engine core runs. */
export function projectOf(config: GatewayConfig, now = new Date()): Project {
  const at = now.toISOString();
  return Project.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: config.name,
    createdAt: at,
    modifiedAt: at,
    connections: config.connections,
    devices: config.devices,
    tagMaps: config.tagMaps,
    gateway: { groupId: config.northbound.group, edgeNodeId: config.northbound.node, publishOnChange: true },
  });
}
