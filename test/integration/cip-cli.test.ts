import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startAbServer, type AbServer } from '../helpers/cip-peer';
import { runCli } from '../helpers/processes';

// `fieldbench read/write --cip` against libplctag's ab_server: each command is one client, and it exits before the next.
let ab: AbServer;
const home = tempDir('fieldbench-cli-cip-');
beforeAll(async () => {
  ab = await startAbServer(['TestDINT:DINT[10]', 'TestREAL:REAL[4]', 'TestSTRING:STRING[1]']);
});
afterAll(async () => {
  await ab?.stop();
  home.cleanup();
});

const cli = (args: string[]) => runCli([...args, '--home', home.dir], 60_000);

describe('fieldbench read / write --cip against ab_server', { timeout: 120_000 }, () => {
  it('write without --confirm shows the write and sends nothing; with --confirm writes and reads back', async () => {
    const dry = await cli(['write', '--cip', `127.0.0.1:${ab.port}`, '--tag', 'TestDINT[7]', '--value=-12']);
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain('TestDINT[7] (DINT) on 127.0.0.1');
    expect(dry.stdout).toContain('current 0 -> new -12 (Write Tag DINT, sends f4ffffff)');
    const before = await cli(['read', '--cip', `127.0.0.1:${ab.port}`, '--tag', 'TestDINT[7]', '--json']);
    expect(JSON.parse(before.stdout.trim())).toMatchObject({ tag: 'TestDINT[7]', value: 0 });

    const done = await cli(['write', '--cip', `127.0.0.1:${ab.port}`, '--slot', '0', '--tag', 'TestDINT[7]', '--value=-12', '--confirm']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Written. Read back -12.');
    await cli(['write', '--cip', `127.0.0.1:${ab.port}`, '--tag', 'TestSTRING', '--value', 'hello line 3', '--confirm']);

    const r = await cli(['read', '--cip', `127.0.0.1:${ab.port}`, '--tag', 'TestDINT[7]', '--tag', 'TestSTRING', '--tag', 'TestREAL[3]', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { tag: 'TestDINT[7]', value: -12, quality: { status: 'good' } },
      { tag: 'TestSTRING', value: 'hello line 3', quality: { status: 'good' } },
      { tag: 'TestREAL[3]', value: 0, quality: { status: 'good' } },
    ]);
  });

  it('a tag the controller does not have reads Bad with its CIP status, exit 1; a name that is no tag is refused', async () => {
    const r = await cli(['read', '--cip', `127.0.0.1:${ab.port}`, '--tag', 'Missing_Tag']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Missing_Tag  null  bad (Missing_Tag: CIP status 0x08 (service not supported))');
    const bad = await cli(['read', '--cip', `127.0.0.1:${ab.port}`, '--tag', '3rd[x]']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a Logix tag name');
  });
});
