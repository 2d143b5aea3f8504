import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startCipSimCli } from '../helpers/cip-peer';
import { freePort } from '../helpers/opcua-peer';
import { runCli, type Peer } from '../helpers/processes';

// `fieldbench scan / tags / read / write --cip` against `fieldbench sim cip` run as its own process.
let sim: Peer;
const home = tempDir('fieldbench-cli-cipsim-');
beforeAll(async () => {
  sim = await startCipSimCli();
});
afterAll(async () => {
  await sim?.stop();
  home.cleanup();
});

const cli = (args: string[]) => runCli([...args], 60_000);

describe('fieldbench CLI against sim cip', { timeout: 120_000 }, () => {
  it('read --cip to a port nobody listens on is Bad, naming the refusal', async () => {
    const port = await freePort();
    const r = await cli(['read', '--cip', `127.0.0.1:${port}`, '--tag', 'Counter']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Counter  null  bad (127.0.0.1:${port}: connection refused (ECONNREFUSED))`);
  });

  it('scan --cip finds the simulator by List Identity to the address typed', async () => {
    const r = await cli(['scan', '--cip', `127.0.0.1:${sim.port}`, '--json']);
    expect(r.code).toBe(0);
    const [d] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(d).toMatchObject({ productName: 'Fieldbench Logix simulator', deviceType: 14, deviceTypeName: 'programmable logic controller', ip: '127.0.0.1', port: sim.port });
    expect(r.stderr).toContain('1 device answered');
    const tcp = await cli(['scan', '--cip', `127.0.0.1:${sim.port}`, '--tcp']);
    expect(tcp.stdout).toMatch(/^127\.0\.0\.1:\d+ {2}Fieldbench Logix simulator {2}\(/);
  });

  it('tags --cip --json prints one line per tag or UDT member', async () => {
    const r = await cli(['tags', '--cip', `127.0.0.1:${sim.port}`, '--slot', '0', '--json']);
    expect(r.code).toBe(0);
    const tags = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; dataType: string; dims: number[] });
    expect(tags.find((t) => t.name === 'Motor_1.Status.Hours')).toMatchObject({ dataType: 'REAL', member: true });
    expect(tags.find((t) => t.name === 'Counts')).toMatchObject({ dataType: 'DINT', dims: [10] });
    expect(tags.length).toBeGreaterThan(200);
  });

  it('write --cip a UDT member with --confirm, then read it and an array element; without --confirm nothing is sent', async () => {
    const dry = await runCli(['write', '--cip', `127.0.0.1:${sim.port}`, '--tag', 'Motor_1.Starts', '--value', '17', '--home', home.dir], 60_000);
    expect(dry.code).toBe(3);
    const w = await runCli(['write', '--cip', `127.0.0.1:${sim.port}`, '--tag', 'Motor_1.Starts', '--value', '17', '--confirm', '--home', home.dir], 60_000);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('Motor_1.Starts (DINT) on 127.0.0.1');
    const r = await cli(['read', '--cip', `127.0.0.1:${sim.port}`, '--route=', '--tag', 'Motor_1.Starts', '--tag', 'Matrix[2,3]', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { tag: 'Motor_1.Starts', value: 17, quality: { status: 'good' } },
      { tag: 'Matrix[2,3]', value: 0, quality: { status: 'good' } },
    ]);
  });

  it('read --cip --count N reads a slice; --type BOOL reads one BOOL of a BOOL array; write --type BOOL sets just that bit; a UDT reads whole', async () => {
    const at = `127.0.0.1:${sim.port}`;
    // The simulator's Trend[i] holds i / 4; its Flags BOOL[64] has bits 0 and 37 on.
    const slice = await cli(['read', '--cip', at, '--tag', 'Trend[4]', '--count', '3', '--json']);
    expect(JSON.parse(slice.stdout)).toEqual({ tag: 'Trend[4]', value: ['1', '1.25', '1.5'], quality: { status: 'good' } });
    const notElement = await cli(['read', '--cip', at, '--tag', 'Trend', '--count', '3']);
    expect(notElement.code).not.toBe(0);
    expect(notElement.stderr).toContain('--count reads elements from an array element: Trend[0], not Trend');
    const w = await runCli(['write', '--cip', at, '--tag', 'Flags[36]', '--type', 'BOOL', '--value', 'on', '--confirm', '--home', home.dir], 60_000);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('Flags[36] (BOOL) on 127.0.0.1');
    expect(w.stdout).toContain('Read-Modify-Write Tag');
    const bits = await cli(['read', '--cip', at, '--tag', 'Flags[35]', '--count', '4', '--type', 'BOOL', '--json']);
    expect(JSON.parse(bits.stdout)).toMatchObject({ value: ['false', 'true', 'true', 'false'] });
    const udt = await cli(['read', '--cip', at, '--tag', 'Motor_1.Status', '--json']);
    expect(JSON.parse(udt.stdout)).toMatchObject({ value: ['Fault=false', 'Code=0', 'Hours=0'], quality: { status: 'good' } });
  });
});
