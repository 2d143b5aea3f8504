import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package root (where package.json names "fieldbench"), from the source tree or from out/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fieldbench') return dir;
      } catch {
        // keep looking
      }
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function rendererDir(): string {
  return path.join(packageRoot(), 'out', 'renderer');
}
