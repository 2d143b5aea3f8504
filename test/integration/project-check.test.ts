import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { buildCliBundle, ROOT, runCli } from '../helpers/processes';

/**
 * `fieldbench project check FILE [--json]` with the built CLI: a version-2 project from the fixtures opens through the
 * migrations and is summarised; a broken one is refused with each problem by its path.
 */

const FIXTURE = path.join(ROOT, 'test/fixtures/projects/pump-house-v2.fieldbench.json');
const tmp = tempDir('fieldbench-project-check-');
beforeAll(() => buildCliBundle(), 60_000);
afterAll(() => tmp.cleanup());

const check = (args: string[]) => runCli(['project', 'check', ...args], 30_000, { bundle: true });

type Doc = {
  connections: { kind: string; id: string }[];
  devices: { id: string; protocol: string }[];
  tagMaps: { name: string; tags: unknown[] }[];
  checkout: Record<string, { status: string }>;
  watches: unknown[];
};
const fixture = () => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Doc & Record<string, unknown>;

function variant(name: string, change: (doc: Doc & Record<string, unknown>) => void): string {
  const doc = fixture();
  change(doc);
  const file = path.join(tmp.dir, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('fieldbench project check on the pump house project (format version 2)', () => {
  it('the fixture holds what this test expects (counted from the file itself)', () => {
    const doc = fixture();
    expect(doc['version']).toBe(2);
    expect(doc.connections.map((c) => c.kind)).toEqual(['tcp', 'rtu', 'rtu-over-tcp']);
    expect(doc.devices.map((d) => d.protocol)).toEqual(['modbus', 'modbus', 'modbus', 'modbus']);
    expect(doc.tagMaps.map((m) => m.tags.length)).toEqual([4, 11]);
    expect(Object.values(doc.checkout).map((m) => m.status).sort()).toEqual(['failed', 'note', 'verified']);
    expect(doc.watches).toHaveLength(3);
  });

  it('says it came from version 2 and what it holds', async () => {
    const r = await check([FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'Pump house commissioning: format version 2 (opens as version 3 after migration)',
      '  connections  1 tcp, 1 rtu, 1 rtu-over-tcp',
      '  devices      4 modbus',
      '  tag maps     2',
      '    Demo plant map (Demo plant): 4 tags',
      '    Meter map (Energy meter): 11 tags',
      '  tags         15 modbus',
      '  checkout     1 verified, 1 failed, 1 note',
      '  watches      3',
    ]);
  }, 60_000);

  it('--json: the same as one object', async () => {
    const r = await check([FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      name: 'Pump house commissioning',
      fromVersion: 2,
      version: 3,
      connections: { tcp: 1, rtu: 1, 'rtu-over-tcp': 1 },
      devices: { modbus: 4 },
      tagMaps: [
        { name: 'Demo plant map', device: 'Demo plant', tags: 4 },
        { name: 'Meter map', device: 'Energy meter', tags: 11 },
      ],
      tagsBySource: { modbus: 15 },
      checkout: { verified: 1, failed: 1, note: 1 },
      watches: 3,
    });
  }, 60_000);
});

describe('fieldbench project check on a project that does not open', () => {
  it('a device id used twice: exit 1, the problem printed with its path', async () => {
    const file = variant('duplicate-device.fieldbench.json', (d) => (d.devices[2]!.id = d.devices[1]!.id));
    const r = await check([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`${file}: devices.2.id: device id "dev-777a3c0ece" is used twice`);
    const j = await check([file, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ ok: false, file, problems: [{ path: 'devices.2.id', message: 'device id "dev-777a3c0ece" is used twice' }] });
  }, 60_000);

  it('a password in an OPC UA connection\'s identity: exit 1, named by its path', async () => {
    const file = variant('password.fieldbench.json', (d) =>
      d.connections.push({ kind: 'opcua', id: 'conn-line-plc', name: 'Line PLC', endpointUrl: 'opc.tcp://127.0.0.1:4840', identity: { kind: 'username', userName: 'operator', password: 'hunter2' } } as never),
    );
    const r = await check([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: connections\\.3\\.identity\\.password: a secret in a project file`));
    expect(r.stderr).not.toContain('hunter2');
    const j = await check([file, '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, problems: [{ path: 'connections.3.identity.password' }] });
    expect(j.stdout).not.toContain('hunter2');
  }, 60_000);

  it('a file that is not JSON: exit 1, says so', async () => {
    const file = path.join(tmp.dir, 'torn.fieldbench.json');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').slice(0, 200));
    const r = await check([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^.*torn\\.fieldbench\\.json: not valid JSON: `));
  }, 60_000);

  it('a file that is not there: exit 1, says so', async () => {
    const file = path.join(tmp.dir, 'nowhere.fieldbench.json');
    const r = await check([file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${file}: no such file`);
  }, 60_000);

  it('no file: exit 2', async () => {
    const r = await check([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('project check takes one project file');
  }, 60_000);
});
