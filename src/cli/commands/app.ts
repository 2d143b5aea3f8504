import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths';
import { startWeb } from './web';

/** Path of the Electron binary if this machine has one, without triggering electron's download-on-require. */
export function findElectronBinary(): string | null {
  const dir = path.join(packageRoot(), 'node_modules', 'electron');
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function openInBrowser(url: string): void {
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the URL is printed above.
  }
}

/** `npm start`: the desktop app where Electron exists, otherwise web mode with one line saying why. */
export async function appCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const electron = findElectronBinary();
  if (electron) {
    const child = spawn(electron, [packageRoot(), ...argv], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  out('No Electron binary on this machine (node_modules/electron has no dist/); opening Fieldbench in web mode instead.');
  const run = await startWeb(argv.filter((a) => a !== '--no-browser'), out);
  if (!argv.includes('--no-browser') && !process.env['CI']) openInBrowser(run.url);
  await until;
  await run.close();
  return 0;
}
