import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/gateway/load-config';
import { gatewayJsonSchema } from '../../src/shared/gateway/json-schema';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag } from '../helpers/gateway-runtime-config';
import { ROOT } from '../helpers/processes';

const tmp = tempDir('fieldbench-gwcfg-');
afterAll(() => tmp.cleanup());

const valid = () =>
  gatewayDoc(1502, [
    { name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16'), holdingTag('flow', 9, 'float32', { units: 'l/min' })] },
    { name: 'Tank', unitId: 2, tags: [holdingTag('level', 0, 'uint16')] },
  ]);

/** The problems of a config document, as "path" -> message. */
function problems(doc: unknown): Map<string, string> {
  const { config, issues } = checkConfig(doc, tmp.dir);
  if (issues.length) expect(config).toBeNull();
  return new Map(issues.map((i) => [i.path, i.message]));
}

describe('gateway.json', () => {
  it('the committed JSON Schema is the one generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'resources/gateway.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(gatewayJsonSchema());
    // It carries the project's own southbound schemas: the tag source union with its three protocols.
    expect(JSON.stringify(committed)).toContain('"const":"opcua"');
    expect(JSON.stringify(committed)).toContain('"const":"cip"');
  });

  it('a valid config passes, with defaults filled in', () => {
    const { config, issues } = checkConfig(valid(), tmp.dir);
    expect(issues).toEqual([]);
    expect(config!.health).toEqual({ port: 0, host: '127.0.0.1', allowNetwork: false });
    expect(config!.northbound.badDevice).toBe('metrics');
    expect(config!.writes.authorised).toEqual([]);
  });

  it('missing fields and wrong types are named by path', () => {
    const doc = valid() as Record<string, Record<string, unknown>>;
    delete doc['northbound']!['group'];
    doc['store']!['maxMb'] = 'lots';
    (doc['tagMaps'] as unknown as Record<string, unknown>[])[0]!['tags'] = [{ name: 'x', source: { kind: 'modbus', table: 'holding', address: 'forty' } }];
    const p = problems(doc);
    expect([...p.keys()]).toEqual(expect.arrayContaining(['northbound.group', 'store.maxMb', 'tagMaps.0.tags.0.source.address']));
  });

  it('unknown connections and devices, duplicate tag paths and unconfigured scan classes', () => {
    const doc = valid() as { devices: Record<string, unknown>[]; tagMaps: { deviceId: string; tags: Record<string, unknown>[] }[] };
    doc.devices[0]!['connectionId'] = 'nowhere';
    doc.tagMaps[1]!.deviceId = 'ghost';
    doc.tagMaps[0]!.tags.push(holdingTag('other', 1, 'uint16', { path: 'Pump/level' }));
    doc.tagMaps[0]!.tags.push(holdingTag('slow', 2, 'uint16', { scanClassMs: 50 }));
    const p = problems(doc);
    expect(p.get('devices.0.connectionId')).toContain('nowhere');
    expect(p.get('tagMaps.1.deviceId')).toContain('ghost');
    expect(p.get('tagMaps.0.tags.2.path')).toContain('Pump/level');
    expect(p.get('tagMaps.0.tags.3.scanClassMs')).toContain('200');
  });

  it('a write tag without authorisation, an authorisation of a read-only or unknown tag', () => {
    const doc = valid() as { tagMaps: { tags: Record<string, unknown>[] }[]; writes?: unknown };
    doc.tagMaps[0]!.tags[0]!['access'] = 'read-write';
    doc.writes = { authorised: ['map0/flow', 'map9/nothing'] };
    const p = problems(doc);
    expect(p.get('tagMaps.0.tags.0.access')).toContain('map0/level');
    expect(p.get('writes.authorised.0')).toContain('read-only');
    expect(p.get('writes.authorised.1')).toContain('map9/nothing');
    // Authorised, the same tag passes.
    doc.writes = { authorised: ['map0/level'] };
    expect(problems(doc).size).toBe(0);
  });

  it('the watchdog must be pre-authorised and aim at something writable', () => {
    const doc = valid() as Record<string, unknown>;
    doc['watchdog'] = { target: { tagKey: 'map0/level' }, intervalMs: 1000 };
    const p = problems(doc);
    expect([...p.keys()]).toContain('watchdog.preAuthorised');
    doc['watchdog'] = { target: { tagKey: 'map0/level' }, preAuthorised: true };
    expect(problems(doc).get('watchdog.target.tagKey')).toContain('read-only');
    doc['watchdog'] = { target: { deviceId: 'dev7', register: 99 }, preAuthorised: true };
    expect(problems(doc).get('watchdog.target.deviceId')).toContain('dev7');
    doc['watchdog'] = { target: { deviceId: 'dev1', register: 99 }, preAuthorised: true };
    expect(problems(doc).size).toBe(0);
  });

  it('secrets are file references, never inline; files it names must be readable', () => {
    const doc = valid() as { northbound: Record<string, unknown> };
    doc.northbound['credentials'] = { username: 'edge', password: 'hunter2' };
    const p = problems(doc);
    expect([...p.keys()]).toEqual(expect.arrayContaining(['northbound.credentials.password', 'northbound.credentials.passwordFile']));
    doc.northbound['credentials'] = { username: 'edge', passwordFile: 'missing.pw' };
    expect(problems(doc).get('northbound.credentials.passwordFile')).toContain(path.join(tmp.dir, 'missing.pw'));
    writeFileSync(path.join(tmp.dir, 'edge.pw'), 'pw\n', { mode: 0o600 });
    doc.northbound['credentials'] = { username: 'edge', passwordFile: 'edge.pw' };
    expect(problems(doc).size).toBe(0);
  });

  it('broker URLs, TLS that needs mqtts, and a health endpoint off loopback', () => {
    const doc = valid() as { northbound: Record<string, unknown>; health: Record<string, unknown> };
    doc.northbound['broker'] = { kind: 'url', url: 'mqtt://user:pw@127.0.0.1:1883' };
    expect([...problems(doc).keys()]).toContain('northbound.broker.url');
    doc.northbound['broker'] = { kind: 'url', url: 'mqtt://127.0.0.1:1883' };
    writeFileSync(path.join(tmp.dir, 'ca.pem'), 'x');
    doc.northbound['tls'] = { ca: 'ca.pem', cert: 'ca.pem' };
    const p = problems(doc);
    expect(p.get('northbound.tls')).toContain('mqtts');
    expect([...p.keys()]).toContain('northbound.tls.key');
    delete doc.northbound['tls'];
    doc.health['host'] = '0.0.0.0';
    expect(problems(doc).get('health.host')).toContain('allowNetwork');
    doc.health['allowNetwork'] = true;
    expect(problems(doc).size).toBe(0);
  });

  it('the OPC UA server: someone must be able to log in, and loopback unless allowed', () => {
    const doc = valid() as Record<string, unknown>;
    doc['opcuaServer'] = { port: 4840 };
    expect(problems(doc).get('opcuaServer.user')).toContain('allowAnonymous');
    doc['opcuaServer'] = { port: 4840, allowAnonymous: true, host: '192.168.0.10' };
    expect(problems(doc).get('opcuaServer.host')).toContain('allowNetwork');
    doc['opcuaServer'] = { port: 4840, allowAnonymous: true, securityModes: ['Sign', 'Encrypt'] };
    expect([...problems(doc).keys()]).toEqual(['opcuaServer.securityModes.1']);
  });

  it('every schema problem at once, not the first one only', () => {
    const doc = valid() as Record<string, unknown> & { northbound: Record<string, unknown>; tagMaps: { deviceId: string }[] };
    doc['version'] = 2;
    doc.northbound['node'] = 'a/b';
    doc.tagMaps[0]!.deviceId = 'ghost';
    doc['extra'] = true;
    expect([...problems(doc).keys()]).toEqual(expect.arrayContaining(['version', 'northbound.node', '']));
  });
});
