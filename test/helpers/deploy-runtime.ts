import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

export const GATEWAY_RUNTIME = path.join(ROOT, 'out/gateway/gateway.js');

/** The one-file gateway runtime an export copies (npm run build:gateway), built into its own file and renamed into place. */
export function ensureGatewayRuntime(): void {
  if (existsSync(GATEWAY_RUNTIME)) return;
  mkdirSync(path.dirname(GATEWAY_RUNTIME), { recursive: true });
  const tmp = path.join(ROOT, 'out/gateway', `gateway.${process.pid}.js`);
  execFileSync('npm', ['run', 'build:gateway', '--silent', '--', `--outfile=${tmp}`], { cwd: ROOT, stdio: 'inherit' });
  renameSync(tmp, GATEWAY_RUNTIME);
}
