import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ptyPair, type PtyPair } from '../helpers/socat';
import { ROOT, startPeer, type Peer } from '../helpers/processes';

/** mbpoll (libmodbus, from Debian) is an independent master: it must read Fieldbench's simulator as it reads any slave. */
let pty: PtyPair;
let sim: Peer;

beforeAll(async () => {
  pty = await ptyPair();
  sim = await startPeer(
    process.execPath,
    ['--import', 'tsx', 'src/cli/index.ts', 'sim', 'modbus', '--tcp', '127.0.0.1:0', '--rtu', pty.slave, '--baud', '19200', '--parity', 'none', '--units', '1,3'],
    /listening on 127\.0\.0\.1:(\d+)[\s\S]*RTU simulator answering/,
  );
});
afterAll(async () => {
  await sim?.stop();
  await pty?.stop();
});

function mbpoll(args: string[]): string {
  const r = spawnSync('mbpoll', [...args, '-1'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  if (r.error) throw r.error;
  return r.stdout;
}

function values(out: string): Record<number, number> {
  const v: Record<number, number> = {};
  for (const m of out.matchAll(/^\[(\d+)\]:\s+(-?[\d.]+)/gm)) v[Number(m[1])] = Number(m[2]);
  return v;
}

describe('mbpoll against the Fieldbench simulator', () => {
  it('reads the demo plant over Modbus TCP', () => {
    expect(values(mbpoll(['-m', 'tcp', '-p', String(sim.port), '-a', '1', '-r', '1', '-c', '1', '127.0.0.1']))).toEqual({ 1: 1500 });
    const flow = values(mbpoll(['-m', 'tcp', '-p', String(sim.port), '-a', '1', '-r', '10', '-t', '4:float', '-B', '127.0.0.1']))[10]!;
    expect(flow).toBeGreaterThan(20);
    expect(flow).toBeLessThan(30);
    expect(values(mbpoll(['-m', 'tcp', '-p', String(sim.port), '-a', '1', '-r', '40', '127.0.0.1']))).toEqual({ 40: 1 });
  });

  it('reads units 1 and 3 over Modbus RTU on a pseudo-terminal, and gets nothing from unit 2', () => {
    const rtu = (unit: string) => mbpoll(['-m', 'rtu', '-b', '19200', '-P', 'none', '-a', unit, '-r', '1', '-c', '1', '-o', '0.5', pty.master]);
    expect(values(rtu('1'))).toEqual({ 1: 1500 });
    expect(values(rtu('3'))).toEqual({ 1: 1500 });
    expect(values(rtu('2'))).toEqual({});
  });
});
