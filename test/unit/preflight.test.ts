import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCertificate } from '../../src/gateway/preflight/gather';
import { deployPlan } from '../../src/gateway/preflight/plan';
import { preflightMarkdown } from '../../src/gateway/preflight/report-text';
import { runPreflight } from '../../src/gateway/preflight/run';
import type { PreflightFacts, PreflightInput } from '../../src/gateway/preflight/types';
import type { PreflightFinding } from '../../src/shared/contract/gateway';
import { gatewayConfigFromProject, type FromProjectOptions } from '../../src/shared/gateway/from-project';
import { Project } from '../../src/shared/project/schema';
import { tempDir } from '../helpers/engine';
import { certificate, opensslDate } from '../helpers/preflight-certs';

const tmp = tempDir('fieldbench-preflight-');
afterAll(() => tmp.cleanup());

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const tag = (name: string, address: number, access: 'read' | 'read-write' = 'read') => ({ name, scanClassMs: 1000, access, source: { kind: 'modbus', table: 'holding', address, type: 'uint16' } });
const mark = (status: string) => ({ status, note: '', at: NOW - DAY, value: 1, quality: { status: 'good' } });

/** Two Modbus TCP devices: Pump (level verified, flow failed, temp unmarked) and Tank (one read-write setpoint). */
function project(): Project {
  return Project.parse({
    format: 'fieldbench-project',
    version: 3,
    name: 'Plant A',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    connections: [{ kind: 'tcp', id: 'c1', name: 'plc', host: '127.0.0.1', port: 5020 }],
    devices: [
      { id: 'pump', name: 'Pump', protocol: 'modbus', connectionId: 'c1', unitId: 1 },
      { id: 'tank', name: 'Tank', protocol: 'modbus', connectionId: 'c1', unitId: 2 },
    ],
    tagMaps: [
      { id: 'mp', deviceId: 'pump', name: 'pump map', tags: [tag('level', 0), tag('flow', 1), tag('temp', 2)] },
      { id: 'mt', deviceId: 'tank', name: 'tank map', tags: [tag('setpoint', 10, 'read-write')] },
    ],
    checkout: { 'mp/level': mark('verified'), 'mp/flow': mark('failed') },
  });
}

function input(o: FromProjectOptions & { facts?: Partial<PreflightFacts>; plaintextReason?: string; patch?: (c: Record<string, unknown>) => void } = {}): PreflightInput {
  const p = project();
  const config = gatewayConfigFromProject(p, { writable: ['mt/setpoint'], username: 'edge', passwordFile: 'secrets/broker.password', ...o }) as unknown as Record<string, unknown>;
  o.patch?.(config);
  return { project: p, config: config as unknown as PreflightInput['config'], facts: { certificates: [], ...o.facts }, now: NOW, ...(o.plaintextReason ? { plaintextReason: o.plaintextReason } : {}) };
}

const of = (findings: PreflightFinding[], check: string) => findings.filter((f) => f.check === check);

describe('pre-flight', () => {
  it('lists tags by checkout mark: failed is an error, unverified a warning, by name', () => {
    const r = runPreflight(input());
    const tags = of(r.findings, 'tags');
    expect(tags.find((f) => f.severity === 'error')!.what).toContain('"flow"');
    const unverified = tags.find((f) => f.severity === 'warning')!;
    expect(unverified.what).toMatch(/2 of 4 tags not verified/);
    expect(unverified.what).toContain('"temp"');
    expect(unverified.what).toContain('"setpoint"');
    expect(tags.find((f) => f.severity === 'ok')!.what).toMatch(/1 of 4 tags verified/);
  });

  it('says which device did not answer the probe and which did', () => {
    const r = runPreflight(
      input({
        facts: {
          probes: [
            { deviceId: 'pump', reachable: true, reason: null, tags: [{ key: 'mp/level', name: 'level', status: 'good', reason: null }, { key: 'mp/temp', name: 'temp', status: 'bad', reason: 'exception 0x02 (illegal data address)' }] },
            { deviceId: 'tank', reachable: false, reason: 'connect ECONNREFUSED 127.0.0.1:5020', tags: [] },
          ],
        },
      }),
    );
    const reach = of(r.findings, 'reachability');
    expect(reach.find((f) => f.where === 'Tank')).toMatchObject({ severity: 'error' });
    expect(reach.find((f) => f.where === 'Tank')!.what).toContain('ECONNREFUSED');
    expect(reach.find((f) => f.where === 'Pump')).toMatchObject({ severity: 'ok' });
    // A Bad tag on a device that answers is the tag's problem, named.
    expect(of(r.findings, 'tags').find((f) => f.where === 'temp')).toMatchObject({ severity: 'error' });
    // Without probes: a warning, not silence.
    expect(of(runPreflight(input()).findings, 'reachability')).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('plaintext MQTT: an error across the network, a warning with a stated reason or on loopback, ok with TLS', () => {
    const tls = (o: Parameters<typeof input>[0]) => of(runPreflight(input(o)).findings, 'tls')[0]!;
    expect(tls({ broker: 'mqtt://10.20.0.5:1883' })).toMatchObject({ severity: 'error', where: 'northbound.broker.url' });
    const reasoned = tls({ broker: 'mqtt://10.20.0.5:1883', plaintextReason: 'isolated cell network, VLAN 40' });
    expect(reasoned.severity).toBe('warning');
    expect(reasoned.what).toContain('VLAN 40');
    expect(tls({ broker: 'mqtt://127.0.0.1:1883' })).toMatchObject({ severity: 'warning' });
    expect(tls({ broker: 'mqtt://[::1]:1883' })).toMatchObject({ severity: 'warning' });
    expect(tls({ broker: 'mqtts://broker.plant:8883', ca: 'tls/ca.pem' })).toMatchObject({ severity: 'ok' });
    expect(tls({})).toMatchObject({ severity: 'ok', where: 'northbound.broker' });
  });

  it('no anonymous access: a broker without login and an anonymous OPC UA server are errors', () => {
    const noLogin = input({ broker: 'mqtts://broker.plant:8883', ca: 'tls/ca.pem', patch: (c) => delete (c['northbound'] as Record<string, unknown>)['credentials'] });
    expect(of(runPreflight(noLogin).findings, 'access')[0]).toMatchObject({ severity: 'error', where: 'northbound.credentials' });
    const anon = input({ patch: (c) => (c['opcuaServer'] = { allowAnonymous: true, securityModes: ['None'] }) });
    const access = of(runPreflight(anon).findings, 'access');
    expect(access.find((f) => f.where === 'opcuaServer.allowAnonymous')).toMatchObject({ severity: 'error' });
    expect(access.find((f) => f.where === 'opcuaServer.securityModes')).toMatchObject({ severity: 'warning' });
  });

  it('a read-write tag without authorisation is an error; authorised writes are listed', () => {
    const unauthorised = runPreflight(input({ writable: [] }));
    expect(of(unauthorised.findings, 'writes')[0]).toMatchObject({ severity: 'error' });
    expect(of(unauthorised.findings, 'writes')[0]!.what).toContain('"setpoint"');
    // The config's own rule says the same by path: said once, by the writes check, not twice.
    expect(of(unauthorised.findings, 'config')).toEqual([]);
    expect(unauthorised.counts.error).toBe(of(unauthorised.findings, 'writes').length + of(unauthorised.findings, 'tags').filter((f) => f.severity === 'error').length);
    const authorised = of(runPreflight(input()).findings, 'writes')[0]!;
    expect(authorised).toMatchObject({ severity: 'warning', where: 'writes.authorised' });
    expect(authorised.what).toContain('"setpoint"');
  });

  it('certificates: expired is an error, expiring soon a warning, days left otherwise; not a certificate is an error', () => {
    const now = Date.now();
    const expired = certificate(tmp.dir, 'expired', '20200101000000Z', '20200201000000Z');
    const soon = certificate(tmp.dir, 'soon', opensslDate(new Date(now - DAY)), opensslDate(new Date(now + 10 * DAY + 3_600_000)));
    const fine = certificate(tmp.dir, 'fine', opensslDate(new Date(now - DAY)), opensslDate(new Date(now + 400 * DAY + 3_600_000)));
    const junk = path.join(tmp.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const certificates = [readCertificate('northbound.tls.ca', expired), readCertificate('northbound.tls.cert', soon), readCertificate('opcuaServer.cert', fine), readCertificate('x.ca', junk)];
    const r = runPreflight({ ...input(), facts: { certificates }, now });
    const certs = of(r.findings, 'certificates');
    expect(certs.find((f) => f.where === 'northbound.tls.ca')).toMatchObject({ severity: 'error' });
    expect(certs.find((f) => f.where === 'northbound.tls.ca')!.what).toContain('expired on 2020-02-01');
    expect(certs.find((f) => f.where === 'northbound.tls.cert')!.what).toContain('expires in 10 days');
    expect(certs.find((f) => f.where === 'northbound.tls.cert')!.severity).toBe('warning');
    expect(certs.find((f) => f.where === 'opcuaServer.cert')!.what).toContain('400 days left');
    expect(certs.find((f) => f.where === 'x.ca')).toMatchObject({ severity: 'error' });
  });

  it('listening interfaces: loopback is ok, a network address is an error unless allowed, then a warning', () => {
    const listen = (health: Record<string, unknown>) => of(runPreflight(input({ patch: (c) => (c['health'] = health) })).findings, 'listening')[0]!;
    expect(listen({ host: '127.0.0.1', port: 8787 })).toMatchObject({ severity: 'ok' });
    expect(listen({ host: '0.0.0.0', port: 8787 })).toMatchObject({ severity: 'error', where: 'health.host' });
    expect(listen({ host: '0.0.0.0', port: 8787, allowNetwork: true })).toMatchObject({ severity: 'warning' });
  });

  it('serial lines: a COM name for a Linux target is an error, /dev/ttyUSB0 a warning, a by-id path ok', () => {
    const serial = (path: string, target: string | null) => {
      const i = input();
      const rtu = { kind: 'rtu', id: 'c2', name: 'rs485', path, baud: 9600, parity: 'none', dataBits: 8, stopBits: 1 };
      const config = { ...i.config, connections: [...i.config.connections, rtu] } as unknown as PreflightInput['config'];
      return of(runPreflight({ ...i, config }, target).findings, 'serial');
    };
    expect(serial('COM3', 'linux-arm64')).toEqual([expect.objectContaining({ severity: 'error', where: 'connection "rs485"' })]);
    expect(serial('/dev/ttyUSB0', 'linux-arm64')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(serial('/dev/serial/by-id/usb-FTDI_FT232R-if00-port0', 'linux-x64')).toEqual([expect.objectContaining({ severity: 'ok' })]);
    // Only RTU lines are serial: the TCP connection gives no finding.
    expect(of(runPreflight(input(), 'linux-x64').findings, 'serial')).toEqual([]);
  });

  it('orders errors first, counts them, and writes a Markdown table a technician can read', () => {
    const r = runPreflight(input({ broker: 'mqtt://10.20.0.5:1883' }), 'linux-arm64');
    const severities = r.findings.map((f) => f.severity);
    expect(severities.indexOf('ok')).toBeGreaterThan(severities.lastIndexOf('error'));
    expect(r.counts.error).toBe(severities.filter((s) => s === 'error').length);
    const md = preflightMarkdown(r);
    expect(md).toContain('# Pre-flight: Plant A');
    expect(md).toMatch(/REFUSED: \d+ errors? to fix before export/);
    expect(md).toContain('| ERROR | tls | plaintext MQTT to mqtt://10.20.0.5:1883');
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(r.findings.length + 1);
  });
});

describe('deploy plan', () => {
  it('the embedded broker gets a generated login whose password is only in secrets/, never in gateway.json', () => {
    const plan = deployPlan(project(), { writable: ['mt/setpoint'] });
    expect(plan.secrets).toHaveLength(1);
    expect(plan.secrets[0]!.name).toBe('broker.password');
    expect(plan.secrets[0]!.content).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(plan.config)).not.toContain(plan.secrets[0]!.content);
    expect(plan.config.northbound.credentials).toMatchObject({ passwordFile: 'secrets/broker.password' });
    expect(plan.config.northbound.broker).toEqual({ kind: 'embedded', port: 1883 });
  });

  it('an upstream broker carries the given login and CA as files, and the CA is read for its expiry', () => {
    const ca = certificate(tmp.dir, 'plan-ca', '20200101000000Z', '20200201000000Z');
    const plan = deployPlan(project(), { broker: 'mqtts://broker.plant:8883', username: 'edge', password: 's3cret', caFile: ca });
    expect(plan.secrets).toEqual([{ name: 'mqtt.password', content: 's3cret' }]);
    expect(JSON.stringify(plan.config)).not.toContain('s3cret');
    expect(plan.config.northbound.tls).toEqual({ ca: 'tls/ca.pem' });
    expect(plan.files).toEqual([{ name: 'tls/ca.pem', from: ca }]);
    expect(plan.certificates[0]).toMatchObject({ where: 'northbound.tls.ca', notAfter: Date.parse('2020-02-01T00:00:00Z') });
  });

  it('refuses a user without a password, and a user for the embedded broker', () => {
    expect(() => deployPlan(project(), { broker: 'mqtt://127.0.0.1:1883', username: 'edge' })).toThrow(/go together/);
    expect(() => deployPlan(project(), { username: 'edge', password: 'x' })).toThrow(/upstream broker/);
  });
});
