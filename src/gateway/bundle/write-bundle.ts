import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import type { GatewayConfigInput } from '../../shared/gateway/config';
import { checkConfig } from '../load-config';
import { filesUnder, MANIFEST, manifestOf } from './manifest';
import { readme, runScript, systemdUnit, type BundleTarget } from './templates';

export const UNIT_NAME = 'fieldbench-gateway.service';

export interface BundleInput {
  outDir: string;
  target: BundleTarget;
  /** Where the folder goes on the edge device (the systemd unit's paths). */
  installDir: string;
  /** gateway.json, its file references relative to the bundle (secrets/..., tls/...). */
  config: GatewayConfigInput;
  /** Files under secrets/ (mode 0600): passwords generated for this gateway or copied from files the integrator named. */
  secrets: { name: string; content: string }[];
  /** Other files the config names (a CA certificate), by their path in the bundle. */
  files: { name: string; from: string }[];
  /** Reports written into the bundle as they are (PREFLIGHT.txt). */
  texts?: { name: string; content: string }[];
  /** The one-file gateway runtime (npm run build:gateway). */
  runtimeFile: string;
  /** serialport's prebuilt bindings (node_modules/@serialport/bindings-cpp/prebuilds). */
  prebuildsDir: string;
}

/**
 * Write a gateway bundle: a folder that runs from where it is copied — runtime/gateway.js (one file), serialport's
 * prebuilt binding for the target, gateway.json (checked like `gateway check`; nothing is written when it fails),
 * secrets/ (0600), the run script, a systemd unit, a README and MANIFEST.sha256 of every file. Staged beside the
 * target folder and renamed into place, so a failed export leaves nothing half-written.
 */
export function writeBundle(b: BundleInput): { files: string[]; bytes: number } {
  if (existsSync(b.outDir) && (!statSync(b.outDir).isDirectory() || readdirSync(b.outDir).length > 0)) {
    throw new FieldbenchError('already_exists', `${b.outDir} exists and is not an empty folder`);
  }
  if (!existsSync(b.runtimeFile)) throw new FieldbenchError('not_found', `no gateway runtime at ${b.runtimeFile}: run "npm run build:gateway" first`);
  const prebuilds = path.join(b.prebuildsDir, b.target);
  if (!existsSync(prebuilds)) throw new FieldbenchError('not_found', `no serialport binding for ${b.target} at ${prebuilds}`);
  const stage = `${path.resolve(b.outDir)}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    mkdirSync(path.join(stage, 'secrets'), { mode: 0o700 });
    for (const s of b.secrets) {
      const f = path.join(stage, 'secrets', s.name);
      writeFileSync(f, `${s.content}\n`, { mode: 0o600 });
      chmodSync(f, 0o600);
    }
    for (const f of b.files) {
      mkdirSync(path.dirname(path.join(stage, f.name)), { recursive: true });
      copyFileSync(f.from, path.join(stage, f.name));
    }
    const { config, issues } = checkConfig(b.config, stage);
    if (!config) throw new FieldbenchError('invalid_input', `the gateway config for this project has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
    writeFileSync(path.join(stage, 'gateway.json'), `${JSON.stringify(b.config, null, 2)}\n`);
    mkdirSync(path.join(stage, 'runtime'));
    copyFileSync(b.runtimeFile, path.join(stage, 'runtime', 'gateway.js'));
    cpSync(prebuilds, path.join(stage, 'prebuilds', b.target), { recursive: true });
    writeFileSync(path.join(stage, 'run'), runScript(), { mode: 0o755 });
    chmodSync(path.join(stage, 'run'), 0o755);
    writeFileSync(path.join(stage, UNIT_NAME), systemdUnit(config.name, b.installDir));
    const nb = config.northbound;
    const broker = nb.broker.kind === 'url' ? nb.broker.url : `the embedded broker on 127.0.0.1:${nb.broker.port}`;
    writeFileSync(
      path.join(stage, 'README.txt'),
      readme({ name: config.name, target: b.target, installDir: b.installDir, unitName: UNIT_NAME, broker, group: nb.group, node: nb.node, healthPort: config.health.port, secrets: b.secrets.map((s) => `secrets/${s.name}`) }),
    );
    for (const t of b.texts ?? []) writeFileSync(path.join(stage, t.name), t.content);
    mkdirSync(path.join(stage, 'store'));
    writeFileSync(path.join(stage, MANIFEST), manifestOf(stage));
    if (existsSync(b.outDir)) rmSync(b.outDir, { recursive: true });
    renameSync(stage, b.outDir);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  const files = [...filesUnder(b.outDir), MANIFEST];
  return { files, bytes: files.reduce((n, f) => n + statSync(path.join(b.outDir, f)).size, 0) };
}
