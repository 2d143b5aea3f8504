import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag, writeConfig } from '../helpers/gateway-runtime-config';
import { ROOT, runCli } from '../helpers/processes';

const tmp = tempDir('fieldbench-gwcli-');
afterAll(() => tmp.cleanup());
const PROJECT = path.join(ROOT, 'test/fixtures/projects/pump-house-v2.fieldbench.json');

describe('fieldbench gateway schema / config / check', () => {
  it('schema prints the committed resources/gateway.schema.json', async () => {
    const r = await runCli(['gateway', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'resources/gateway.schema.json'), 'utf8')));
  });

  it('config from a project refuses its read-write tags until they are authorised, then check accepts the file', async () => {
    const out = path.join(tmp.dir, 'gateway.json');
    const refused = await runCli(['gateway', 'config', '--project', PROJECT, '--out', out, '--group', 'Plant', '--node', 'edge-7']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/tagMaps\.1\.tags\.9\.access: .*Wirkleistungsgrenze/);
    expect(refused.stderr).toMatch(/tagMaps\.1\.tags\.10\.access: /);
    const keys = 'map-7348638312/Wirkleistungsgrenze,map-7348638312/Blindleistungs-Sollwert';
    const made = await runCli(['gateway', 'config', '--project', PROJECT, '--out', out, '--group', 'Plant', '--node', 'edge-7', '--writable', keys]);
    expect(made.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { scanClasses: { intervalMs: number }[]; northbound: Record<string, unknown>; tagMaps: unknown[] };
    // One scan class per interval the project's tags use (500 ms and 1000 ms in this project).
    expect(doc.scanClasses.map((s) => s.intervalMs)).toEqual([500, 1000]);
    expect(doc.northbound).toMatchObject({ group: 'Plant', node: 'edge-7', broker: { kind: 'embedded' } });
    expect(doc.tagMaps).toHaveLength(2);
    const ok = await runCli(['gateway', 'check', '--config', out, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, devices: 4, tags: 15 });
  });

  it('check lists every problem by path and exits 2', async () => {
    const doc = gatewayDoc(502, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16', { access: 'read-write' }), holdingTag('again', 1, 'uint16', { path: 'Pump/level' })] }]) as Record<string, Record<string, unknown>>;
    doc['northbound']!['credentials'] = { username: 'edge', password: 'inline' };
    const file = writeConfig(tmp.dir, doc, 'bad.json');
    const r = await runCli(['gateway', 'check', '--config', file]);
    expect(r.code).toBe(2);
    // The shape is wrong (an inline password): the schema's problems, each with its path and the file.
    expect(r.stderr).toContain(`${file}: northbound.credentials.password: `);
    expect(r.stderr).toContain(`${file}: northbound.credentials.passwordFile: `);
    // With the shape right, the cross-field rules speak: unauthorised write tag, duplicate path.
    doc['northbound']!['credentials'] = undefined;
    writeConfig(tmp.dir, doc, 'bad.json');
    const r2 = await runCli(['gateway', 'check', '--config', file, '--json']);
    expect(r2.code).toBe(2);
    const paths = (JSON.parse(r2.stdout) as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths.sort()).toEqual(['tagMaps.0.tags.0.access', 'tagMaps.0.tags.1.path']);
  });
});
