import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { renameSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** Debian installs python3-pymodbus for /usr/bin/python3; the python3 first on PATH may be another one. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface Peer {
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Start a process and wait for a line matching `ready` whose first group is the port it listens on. */
export function startPeer(cmd: string, args: string[], ready: RegExp, timeoutMs = 15_000): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not become ready in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, output: () => out, stop: () => stopChild(child) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!ready.exec(out)) reject(new Error(`${cmd} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function startPymodbusTcp(unit = 1): Promise<Peer> {
  return startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_slave.py'), '--port', '0', '--unit', String(unit)], /READY (\d+)/);
}

/** The shipped CLI bundle, as `npm run build:cli` makes it. */
export const CLI_BUNDLE = path.join(ROOT, 'out/cli/index.js');

/**
 * `npm run build:cli` into a file of its own, then renamed over out/cli/index.js: test files that build the bundle
 * at the same time never run a half-written one.
 */
export function buildCliBundle(): void {
  const tmp = path.join(ROOT, 'out/cli', `index.${process.pid}.js`);
  execFileSync('npm', ['run', 'build:cli', '--silent', '--', `--outfile=${tmp}`], { cwd: ROOT, stdio: 'inherit' });
  renameSync(tmp, CLI_BUNDLE);
}

/** The command line that runs the CLI: from source (no stale build), or the built bundle (see buildCliBundle). */
export function cliCommand(args: string[], opts: { bundle?: boolean } = {}): string[] {
  return opts.bundle ? [CLI_BUNDLE, ...args] : ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args];
}

/** Run the fieldbench CLI (from source unless `bundle`) and collect its output. */
export function runCli(args: string[], timeoutMs = 20_000, opts: { bundle?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliCommand(args, opts), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fieldbench ${args.join(' ')} timed out:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Start the CLI's simulator on a free port. */
export function startCliSim(): Promise<Peer> {
  return startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sim', 'modbus', '--tcp', '127.0.0.1:0'], /listening on 127\.0\.0\.1:(\d+)/);
}
