import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

/** The one-file gateway runtime, as `npm run build:gateway` makes it (what `fieldbench export` ships). */
export const GATEWAY_RUNTIME = path.join(ROOT, 'out/gateway/gateway.js');

/** `npm run build:gateway` into a file of its own, renamed over out/gateway/gateway.js (no half-written runtime). */
export function buildGatewayRuntime(): void {
  const tmp = path.join(ROOT, 'out/gateway', `gateway.${process.pid}.js`);
  execFileSync('npm', ['run', 'build:gateway', '--silent', '--', `--outfile=${tmp}`], { cwd: ROOT, stdio: 'inherit' });
  renameSync(tmp, GATEWAY_RUNTIME);
}
