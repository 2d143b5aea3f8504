import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import type { GatewayConfigInput } from '../../shared/gateway/config';
import { bundleCertificates } from '../certs/bundle-certificates';
import { CA_FILE, CERT_FILE, CRL_FILE, KEY_FILE } from '../certs/issue';
import { checkConfig } from '../load-config';
import { filesUnder, MANIFEST, manifestOf } from './manifest';
import { unpackNodeRuntime } from './node-runtime';
import { composeYaml, DOCKERIGNORE, dockerfile } from './docker';
import { platformOf, prebuildsOf, readme, runCmd, runScript, systemdUnit, type BundleTarget } from './templates';

export const UNIT_NAME = 'fieldbench-gateway.service';

/** What of secrets/ is public and so in the manifest: the CA, its revocation list and the gateway's certificate. */
const PUBLIC_SECRETS = new Set([CA_FILE, CRL_FILE, CERT_FILE].map((f) => `secrets/${f}`));

/**
 * Every file is in MANIFEST.sha256 but the secrets (passwords, the private key): the manifest travels (a ticket, a
 * mail), and a password's hash in it could be guessed from offline. Their 0600 mode is their protection.
 */
export const inManifest = (file: string): boolean => !file.startsWith('secrets/') || PUBLIC_SECRETS.has(file);

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
  /** Reports written into the bundle as they are. */
  texts?: { name: string; content: string }[];
  /** The one-file gateway runtime (npm run build:gateway). */
  runtimeFile: string;
  /** serialport's prebuilt bindings (node_modules/@serialport/bindings-cpp/prebuilds). */
  prebuildsDir: string;
  /** node-opcua's nodesets (node_modules/node-opcua-nodesets/nodesets); default: beside @serialport in that node_modules. */
  nodesetsDir?: string | undefined;
  /** The Node.js package tarball for the target (nodeRuntimeTarball), unpacked into runtime/node/; absent: none shipped. */
  nodeRuntime?: string | undefined;
}

/** The standard OPC UA nodeset, the one file set the gateway's OPC UA server loads (as XML and as node-opcua's image). */
const NODESET_FILES = ['Opc.Ua.NodeSet2.xml', 'Opc.Ua.NodeSet2.ndjson.gz'];

/**
 * What node-opcua needs beside the one-file runtime: a package.json above it (node-opcua-address-space looks for its
 * package root when loaded) and the standard nodeset, which node-opcua-nodesets finds in nodesets/ beside the script.
 */
function writeOpcUaSupport(runtimeDir: string, nodesetsDir: string): void {
  writeFileSync(path.join(runtimeDir, 'package.json'), `${JSON.stringify({ name: 'fieldbench-gateway-runtime', private: true }, null, 2)}\n`);
  mkdirSync(path.join(runtimeDir, 'nodesets'));
  for (const f of NODESET_FILES) {
    if (!existsSync(path.join(nodesetsDir, f))) throw new FieldbenchError('not_found', `no OPC UA nodeset ${f} in ${nodesetsDir}`);
    copyFileSync(path.join(nodesetsDir, f), path.join(runtimeDir, 'nodesets', f));
  }
}

/**
 * Write a gateway bundle: a folder that runs from where it is copied — runtime/gateway.js (one file), Node.js for the
 * target in runtime/node/ (when given), serialport's prebuilt binding for the target, gateway.json (checked like `gateway check`; nothing is written when it fails),
 * secrets/ (0600), the run script, a systemd unit, a README and MANIFEST.sha256 of every file. Staged beside the
 * target folder and renamed into place, so a failed export leaves nothing half-written.
 */
export function writeBundle(b: BundleInput): { files: string[]; bytes: number } {
  if (existsSync(b.outDir) && (!statSync(b.outDir).isDirectory() || readdirSync(b.outDir).length > 0)) {
    throw new FieldbenchError('already_exists', `${b.outDir} exists and is not an empty folder`);
  }
  if (!existsSync(b.runtimeFile)) throw new FieldbenchError('not_found', `no gateway runtime at ${b.runtimeFile}: run "npm run build:gateway" first`);
  const platform = platformOf(b.target);
  const binding = prebuildsOf(b.target);
  const prebuilds = path.join(b.prebuildsDir, binding);
  if (!existsSync(prebuilds)) throw new FieldbenchError('not_found', `no serialport binding for ${binding} at ${prebuilds}`);
  if (b.target === 'docker' && !b.nodeRuntime) throw new FieldbenchError('invalid_input', 'a docker bundle runs on its own Node.js (runtime/node): export it with the Node.js runtime');
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
    // The gateway's own CA and certificate in secrets/ (the CA key is not kept), named in gateway.json.
    const withCertificates = bundleCertificates(stage, b.config);
    const { config, issues } = checkConfig(withCertificates, stage);
    if (!config) throw new FieldbenchError('invalid_input', `the gateway config for this project has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
    writeFileSync(path.join(stage, 'gateway.json'), `${JSON.stringify(withCertificates, null, 2)}\n`);
    mkdirSync(path.join(stage, 'runtime'));
    copyFileSync(b.runtimeFile, path.join(stage, 'runtime', 'gateway.js'));
    writeOpcUaSupport(path.join(stage, 'runtime'), b.nodesetsDir ?? path.resolve(b.prebuildsDir, '..', '..', '..', 'node-opcua-nodesets', 'nodesets'));
    cpSync(prebuilds, path.join(stage, 'prebuilds', binding), { recursive: true });
    if (b.nodeRuntime) unpackNodeRuntime(b.nodeRuntime, stage, platform);
    if (b.target === 'windows-x64') writeFileSync(path.join(stage, 'run.cmd'), runCmd());
    else {
      writeFileSync(path.join(stage, 'run'), runScript(), { mode: 0o755 });
      chmodSync(path.join(stage, 'run'), 0o755);
    }
    if (b.target === 'docker') {
      const extraDirs = [...new Set(b.files.map((f) => f.name.split('/')[0]!).filter((d) => d === 'tls'))];
      writeFileSync(path.join(stage, 'Dockerfile'), dockerfile({ name: config.name, healthPort: config.health.port, extraDirs }));
      writeFileSync(path.join(stage, 'compose.yaml'), composeYaml({ config, project: config.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'gateway' }));
      writeFileSync(path.join(stage, '.dockerignore'), DOCKERIGNORE);
    } else if (b.target !== 'windows-x64') writeFileSync(path.join(stage, UNIT_NAME), systemdUnit(config.name, b.installDir));
    const nb = config.northbound;
    const broker = nb.broker.kind === 'url' ? nb.broker.url : `the embedded broker on 127.0.0.1:${nb.broker.port}`;
    writeFileSync(
      path.join(stage, 'README.txt'),
      readme({ name: config.name, target: b.target, node: b.nodeRuntime ? 'bundled' : 'path', installDir: b.installDir, unitName: UNIT_NAME, broker, group: nb.group, sparkplugNode: nb.node, healthPort: config.health.port, secrets: [...b.secrets.map((s) => `secrets/${s.name}`), ...[CA_FILE, CRL_FILE, CERT_FILE, KEY_FILE].map((f) => `secrets/${f}`)] }),
    );
    for (const t of b.texts ?? []) writeFileSync(path.join(stage, t.name), t.content);
    mkdirSync(path.join(stage, 'store'));
    writeFileSync(path.join(stage, MANIFEST), manifestOf(stage, inManifest));
    if (existsSync(b.outDir)) rmSync(b.outDir, { recursive: true });
    renameSync(stage, b.outDir);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  const files = [...filesUnder(b.outDir), MANIFEST];
  return { files, bytes: files.reduce((n, f) => n + statSync(path.join(b.outDir, f)).size, 0) };
}
