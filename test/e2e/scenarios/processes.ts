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

/** Any program (socat...), stopped like the CLI's processes: by the test, or at the latest when the worker exits. */
export function startProgram(command: string, args: string[], ready: () => boolean, timeoutMs = 10_000): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let done = false;
    const started: Started = { child, output: () => out, stop: () => stop(child) };
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      if (err) void stop(child).then(() => reject(err));
      else resolve(started);
    };
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => finish(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${out}`)));
    const poll = setInterval(() => {
      if (ready()) finish(null);
    }, 50);
    const timer = setTimeout(() => finish(new Error(`${command} ${args.join(' ')} was not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
  });
}

/**
 * A pseudo-terminal pair from socat: bytes written to one end come out of the other, like a null-modem cable.
 * Both ends are symlinks under /tmp, which the app accepts as serial port paths.
 */
export async function startPtyPair(): Promise<Started & { a: string; b: string; dir: string }> {
  const dir = mkdtempSync(path.join('/tmp', 'fieldbench-e2e-pty-'));
  const a = path.join(dir, 'master');
  const b = path.join(dir, 'slave');
  const s = await startProgram('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], () => existsSync(a) && existsSync(b));
  return {
    ...s,
    a,
    b,
    dir,
    stop: async () => {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SimOptions {
  /** Serve RTU on this serial port or pseudo-terminal as well. */
  rtu?: string;
  baud?: number;
  parity?: 'none' | 'even' | 'odd';
  units?: number[];
}

/** The CLI's demo-plant simulator: Modbus TCP on a free port of 127.0.0.1, and RTU on a port when asked. */
export async function startModbusSim(o: SimOptions = {}): Promise<Started & { host: string; port: number }> {
  const args = ['sim', 'modbus', '--tcp', '127.0.0.1:0'];
  if (o.units) args.push('--units', o.units.join(','));
  if (o.rtu) args.push('--rtu', o.rtu, '--baud', String(o.baud ?? 19200), '--parity', o.parity ?? 'even');
  const ready = o.rtu ? /listening on (127\.0\.0\.1):(\d+)\s*\n[\s\S]*answering on .*\n/ : /listening on (127\.0\.0\.1):(\d+)\s*\n/;
  const s = await startCli(args, ready);
  return { ...s, host: s.match[1]!, port: Number(s.match[2]) };
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
