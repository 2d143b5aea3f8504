import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { readTgz } from './tar';

const run = promisify(execFile);

/**
 * The Node.js the bundle carries: the official build published on the npm registry as node-<os>-<arch>, one exact
 * version for every target (the major this repository runs on).
 */
export const NODE_RUNTIME_VERSION = '20.20.2';

export type NodePlatform = 'linux-x64' | 'linux-arm64' | 'win-x64';

/** The registry package that carries the official Node.js build for a platform. */
export const nodePackage = (p: NodePlatform) => `node-${p}`;

/** Where a bundle keeps its Node.js: runtime/node/bin/node (runtime/node/bin/node.exe on Windows). */
export const BUNDLE_NODE_DIR = 'runtime/node';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sri(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The package tarball of the pinned Node.js for `platform`, from `cacheDir` (under the data folder) or, the first time,
 * from the npm registry through `npm pack` (npm's own registry, proxy and CA settings). The registry's integrity
 * (`npm view ... dist.integrity`) is kept beside it and the file's SHA-512 checked against it at every use.
 */
export async function nodeRuntimeTarball(platform: NodePlatform, cacheDir: string, log: (l: string) => void = () => {}): Promise<string> {
  const spec = `${nodePackage(platform)}@${NODE_RUNTIME_VERSION}`;
  const file = path.join(cacheDir, `${nodePackage(platform)}-${NODE_RUNTIME_VERSION}.tgz`);
  const sumFile = `${file}.integrity`;
  if (existsSync(file) && existsSync(sumFile)) {
    if (sri(file) === readFileSync(sumFile, 'utf8').trim()) return file;
    log(`${file} does not match its registry integrity: downloading it again`);
  }
  mkdirSync(cacheDir, { recursive: true });
  const stage = path.join(cacheDir, `.partial-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage);
  try {
    log(`downloading ${spec} from the npm registry (once; kept in ${cacheDir})`);
    const opts = { cwd: stage, maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' };
    const integrity = (await run(npm, ['view', spec, 'dist.integrity'], opts)).stdout.trim();
    if (!integrity.startsWith('sha512-')) throw new FieldbenchError('not_found', `the npm registry has no ${spec} (npm view said "${integrity}")`);
    await run(npm, ['pack', spec, '--pack-destination', stage, '--silent'], opts);
    const got = path.join(stage, path.basename(file));
    const actual = sri(got);
    if (actual !== integrity) throw new FieldbenchError('invalid_input', `${spec}: the downloaded file's SHA-512 does not match the registry's integrity`);
    renameSync(got, file);
    writeFileSync(sumFile, `${integrity}\n`);
    return file;
  } catch (e) {
    if (e instanceof FieldbenchError) throw e;
    const why = ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').slice(-3).join(' ');
    throw new FieldbenchError('not_found', `could not fetch ${spec} from the npm registry (${why}); export with --no-node-runtime for a bundle that uses the edge device's node`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Unpack the node binary and its LICENSE from the package tarball into `<bundle>/runtime/node/`. */
export function unpackNodeRuntime(tarball: string, bundleDir: string, platform: NodePlatform): void {
  const wanted = platform === 'win-x64' ? ['package/bin/node.exe'] : ['package/bin/node', 'package/LICENSE'];
  const files = readTgz(readFileSync(tarball), (n) => wanted.includes(n));
  const binary = wanted[0]!;
  if (!files.some((f) => f.name === binary)) throw new FieldbenchError('invalid_input', `${path.basename(tarball)} has no ${binary.slice('package/'.length)}`);
  for (const f of files) {
    const dest = path.join(bundleDir, BUNDLE_NODE_DIR, f.name.slice('package/'.length));
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, f.data, { mode: f.name === binary ? 0o755 : 0o644 });
    chmodSync(dest, f.name === binary ? 0o755 : 0o644);
  }
}
