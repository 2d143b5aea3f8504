import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');

export interface Started {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Last line of defence: never leave a simulator or a web server behind, even when the worker dies.
process.once('exit', () => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(hard);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Run the fieldbench CLI from source and wait until its output matches `ready` (a full line, so nothing is cut). */
export function startCli(args: string[], ready: RegExp, timeoutMs = 30_000): Promise<Started & { match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void stop(child).then(() => reject(err));
    };
    const timer = setTimeout(() => fail(new Error(`fieldbench ${args.join(' ')} was not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (done) return;
      const m = ready.exec(out);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out, stop: () => stop(child) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => fail(err));
    child.once('exit', (code, signal) => fail(new Error(`fieldbench ${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
}

/** The CLI's Modbus TCP simulator (demo plant, unit 1) on a free port of 127.0.0.1. */
export async function startSimulator(): Promise<Started & { host: string; port: number }> {
  const s = await startCli(['sim', 'modbus', '--tcp', '127.0.0.1:0'], /listening on (127\.0\.0\.1):(\d+)\s*\n/);
  return { ...s, host: s.match[1]!, port: Number(s.match[2]) };
}

/** Web mode without the built-in simulator, on a free port, with its own home folder. */
export async function startWeb(home: string): Promise<Started & { url: string; origin: string }> {
  if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` (npm test builds first)');
  }
  const s = await startCli(['web', '--no-sim', '--home', home, '--port', '0'], /(http:\/\/127\.0\.0\.1:\d+)\/#token=[A-Za-z0-9_-]+\s*\n/);
  const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(s.match[0])![1]!;
  return { ...s, url, origin: s.match[1]! };
}

export function tempHome(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldbench-e2e-web-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
