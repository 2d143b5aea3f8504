import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateProject } from '../../src/shared/project/migrate';
import { Project, PROJECT_VERSION } from '../../src/shared/project/schema';
import { FieldbenchError } from '../../src/shared/errors';

/** A real version 2 project, written by Fieldbench 0.1.0 (test/fixtures/projects/make-v2-fixture.ts.txt made it). */
const V2_FILE = path.join(__dirname, '../fixtures/projects/pump-house-v2.fieldbench.json');
type Doc = Record<string, unknown> & { tagMaps: { id: string; tags: Record<string, unknown>[] }[] };
const v2 = (): Doc => JSON.parse(readFileSync(V2_FILE, 'utf8')) as Doc;

const COMMON = ['name', 'path', 'units', 'access', 'deadband', 'scanClassMs', 'description'];

describe('project format v2 -> v3', () => {
  it('opens the 0.1.0 project with every connection, device, tag, mark, watch and setting intact', () => {
    const raw = v2();
    const { project, migratedFrom } = migrateProject(raw);
    expect(migratedFrom).toBe(2);
    expect(project.version).toBe(3);
    expect(PROJECT_VERSION).toBe(3);
    for (const k of ['name', 'createdAt', 'modifiedAt', 'connections', 'devices', 'watches', 'checkout', 'gateway']) expect(project[k as keyof typeof project]).toEqual(raw[k]);
    expect(project.tagMaps.map((m) => m.id)).toEqual(raw.tagMaps.map((m) => m.id));
    let tags = 0;
    raw.tagMaps.forEach((m, i) => {
      const after = project.tagMaps[i]!;
      expect(after.tags).toHaveLength(m.tags.length);
      m.tags.forEach((old, j) => {
        const t = after.tags[j]! as unknown as Record<string, unknown> & { source: Record<string, unknown> };
        for (const k of COMMON) expect(t[k]).toEqual(old[k]);
        // Everything else the v2 tag had (table, address, the register codec) is its Modbus source now.
        const rest = Object.fromEntries(Object.entries(old).filter(([k]) => !COMMON.includes(k)));
        expect(t.source).toEqual({ kind: 'modbus', ...rest });
        tags++;
      });
    });
    expect(tags).toBe(15);
  });

  it('keeps what the operator changed by hand: the edited word order, scan class and deadband', () => {
    const { project } = migrateProject(v2());
    const flow = project.tagMaps[0]!.tags.find((t) => t.name === 'flow_rate_lpm')!;
    expect(flow).toMatchObject({ scanClassMs: 500, deadband: 0.5, source: { kind: 'modbus', table: 'holding', address: 9, type: 'float32', order: 'CDAB' } });
    expect(project.checkout[`${project.tagMaps[0]!.id}/tank_level_mm`]).toMatchObject({ status: 'verified', note: 'matches local gauge 1500 mm' });
  });

  it('a migrated project saves as v3 and opens again unchanged, without a migration', () => {
    const { project } = migrateProject(v2());
    const again = migrateProject(JSON.parse(JSON.stringify(project)));
    expect(again.migratedFrom).toBeNull();
    expect(again.project).toEqual(project);
  });

  it('names every broken reference by path: duplicate ids, a missing connection, a tag of another protocol', () => {
    const { project } = migrateProject(v2());
    const doc = JSON.parse(JSON.stringify(project)) as Record<string, unknown[]> & typeof project;
    doc.devices.push({ ...doc.devices[0]!, name: 'Copy' });
    doc.devices.push({ id: 'dev-lost', name: 'Lost', protocol: 'modbus', connectionId: 'conn-nowhere', unitId: 3 });
    doc.tagMaps[0]!.tags.push({ ...doc.tagMaps[0]!.tags[0]!, name: 'opc_tag', source: { kind: 'opcua', nodeId: 'ns=2;s=Temp', samplingIntervalMs: -1, queueSize: 1, deadband: { kind: 'none', value: 0 } } });
    const r = Project.safeParse(doc);
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContain(`devices.4.id: device id "${doc.devices[0]!.id}" is used twice`);
    expect(issues).toContain('devices.5.connectionId: device "Lost" refers to a connection "conn-nowhere" that is not in the project');
    expect(issues).toContain(`tagMaps.0.tags.4.source.kind: tag "opc_tag" reads opcua but device "Demo plant" is modbus`);
    expect(() => migrateProject(doc)).toThrow(FieldbenchError);
  });

  it('takes OPC UA and EtherNet/IP connections, devices and tags, and never keeps a password', () => {
    const { project } = migrateProject(v2());
    const doc = JSON.parse(JSON.stringify(project)) as typeof project;
    doc.connections.push({ kind: 'opcua', id: 'conn-ua', name: 'Line 1 server', endpointUrl: 'opc.tcp://127.0.0.1:4840', securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', identity: { kind: 'username', userName: 'operator', password: 'hunter2' } as never, sessionTimeoutMs: 120000, requestTimeoutMs: 10000 });
    doc.connections.push({ kind: 'cip', id: 'conn-plc', name: 'PLC', host: '127.0.0.1', port: 44818, routePath: '1,0', timeoutMs: 3000 });
    doc.devices.push({ id: 'dev-ua', name: 'Line 1', protocol: 'opcua', connectionId: 'conn-ua' }, { id: 'dev-plc', name: 'PLC', protocol: 'cip', connectionId: 'conn-plc' });
    doc.tagMaps.push(
      { id: 'map-ua', deviceId: 'dev-ua', name: 'UA', tags: [{ name: 'temp', path: '', units: '°C', access: 'read', deadband: 0, scanClassMs: 1000, description: '', source: { kind: 'opcua', nodeId: 'ns=2;s=Line1.Temp', samplingIntervalMs: 250, queueSize: 1, deadband: { kind: 'absolute', value: 0.1 } } }] },
      { id: 'map-plc', deviceId: 'dev-plc', name: 'PLC', tags: [{ name: 'speed', path: '', units: 'rpm', access: 'read-write', deadband: 0, scanClassMs: 500, description: '', source: { kind: 'cip', tagPath: 'Program:Main.Motor', element: [2], member: 'Speed', dataType: 'REAL' } }] },
    );
    const parsed = Project.parse(doc);
    expect(parsed.connections.find((c) => c.id === 'conn-ua')).toEqual({ kind: 'opcua', id: 'conn-ua', name: 'Line 1 server', endpointUrl: 'opc.tcp://127.0.0.1:4840', securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', identity: { kind: 'username', userName: 'operator' }, sessionTimeoutMs: 120000, requestTimeoutMs: 10000 });
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
    expect(Project.safeParse({ ...doc, connections: [...doc.connections, { ...doc.connections.at(-1)!, id: 'conn-bad', routePath: '1,slot0' }] }).success).toBe(false);
  });
});
