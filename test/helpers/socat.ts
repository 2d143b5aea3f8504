import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from './processes';

/** A pseudo-terminal pair from socat: stands in for a USB-RS485 adapter with one device on the bus. */
export interface PtyPair {
  master: string;
  slave: string;
  child: ChildProcess;
  /** Unplug: kill socat, both ends vanish. */
  stop(): Promise<void>;
}

export async function ptyPair(dir = mkdtempSync(path.join(os.tmpdir(), 'fb-pty-')), names = ['master', 'slave']): Promise<PtyPair> {
  const master = path.join(dir, names[0]!);
  const slave = path.join(dir, names[1]!);
  const child = spawn('socat', [`pty,raw,echo=0,link=${master}`, `pty,raw,echo=0,link=${slave}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(existsSync(master) && existsSync(slave)); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(master) || !existsSync(slave)) {
    child.kill('SIGKILL');
    throw new Error('socat did not create the pseudo-terminal pair (is socat installed?)');
  }
  return { master, slave, child, stop: () => stopChild(child) };
}
