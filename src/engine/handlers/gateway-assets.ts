import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the export finds what it copies into a bundle: the one-file runtime (out/gateway/gateway.js, built by npm run
 * build:gateway) and serialport's prebuilt bindings, under the package root found from this file (source tree or out/).
 */
export function gatewayAssets(): { runtimeFile: string; prebuildsDir: string } {
  let dir = __dirname;
  let root = process.cwd();
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fieldbench') {
      root = dir;
      break;
    }
    dir = path.dirname(dir);
  }
  return { runtimeFile: path.join(root, 'out', 'gateway', 'gateway.js'), prebuildsDir: path.join(root, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds') };
}
