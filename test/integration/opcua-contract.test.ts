import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import { OpcUaSession } from '../../src/engine/opcua/session';
import { refusedThumbprint, type OpcUaBrowseResult, type OpcUaCertificateLists, type OpcUaDiscovery } from '../../src/shared/contract';
import type { FieldbenchErrorData } from '../../src/shared/errors';
import type { TagReading } from '../../src/shared/schemas/tags';
import { makeEngine, tempDir } from '../helpers/engine';
import { freePort, startDemoOpcUa, startOpen62541, type Open62541 } from '../helpers/opcua-peer';
import type { Peer } from '../helpers/processes';

// The OPC UA part of the contract, through the engine's dispatch as the UI calls it: against open62541 (a server that
// is not ours) for discovery, certificate trust, browse and live tags; against the demo server for a username login.
let peer: Open62541;
let demo: Peer & { url: string; user: string; password: string };
const demoHome = tempDir('fieldbench-demo-home-');
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  [peer, demo] = await Promise.all([startOpen62541(), startDemoOpcUa(demoHome.dir)]);
  ({ engine, dir, dispose } = await makeEngine());
}, 90_000);

afterAll(async () => {
  await dispose?.();
  await OpcUaSession.closeAll();
  await (await OpcUaPki.open(path.join(dir, 'data'))).dispose();
  await peer?.stop();
  await demo?.stop();
  demoHome.cleanup();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

async function failure(name: string, input: unknown): Promise<FieldbenchErrorData> {
  const env = await engine.dispatch(name, input);
  if (env.ok) throw new Error(`${name} succeeded; expected it to fail`);
  return env.error;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const secure = { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' } as const;

describe('the OPC UA contract through the engine', { timeout: 60_000 }, () => {
  it('rejects invalid input with typed errors', async () => {
    expect((await failure('opcua.discover', { url: 'http://127.0.0.1:4840' })).code).toBe('invalid_input');
    const mixed = await failure('devices.addOpcUa', { name: 'x', endpointUrl: peer.url, securityMode: 'None', securityPolicy: 'Basic256Sha256' });
    expect(mixed).toMatchObject({ code: 'invalid_input', issues: [{ path: 'securityPolicy' }] });
    expect((await failure('devices.addOpcUa', { name: 'x', endpointUrl: peer.url, identity: { kind: 'username', userName: 'u', password: '' } })).code).toBe('invalid_input');
    expect((await failure('opcua.trust', { thumbprint: 'not-hex' })).code).toBe('invalid_input');
    expect((await failure('opcua.browse', { deviceId: 'nope', nodeId: 'not a node id' })).code).toBe('invalid_input');
  });

  it('names a URL where nothing listens, without adding anything', async () => {
    const closed = `opc.tcp://127.0.0.1:${await freePort()}`;
    const found = await failure('opcua.discover', { url: closed });
    expect(found).toMatchObject({ code: 'connection_failed' });
    expect(found.message).toContain('connection refused');
    expect((await failure('devices.addOpcUa', { name: 'nobody', endpointUrl: closed })).code).toBe('connection_failed');
    expect((await call<{ devices: unknown[] }>('devices.list', {})).devices).toEqual([]);
  });

  it('discovers open62541: modes, policies, deprecated ones marked, token types, its certificate not yet known', async () => {
    const found = await call<OpcUaDiscovery>('opcua.discover', { url: peer.url });
    const pairs = new Set(found.endpoints.map((e) => `${e.securityMode}/${e.securityPolicy}`));
    expect(pairs).toContain('None/None');
    expect(pairs).toContain('SignAndEncrypt/Basic256Sha256');
    for (const e of found.endpoints) expect(e.deprecated).toBe(e.securityPolicy === 'Basic128Rsa15' || e.securityPolicy === 'Basic256');
    expect(found.endpoints.some((e) => e.userTokens.some((t) => t.type === 'anonymous'))).toBe(true);
    const withCert = found.endpoints.find((e) => e.securityMode === 'SignAndEncrypt')!;
    expect(withCert.certificate?.thumbprint).toBe(peer.serverThumbprint);
    expect(withCert.trust).toBe('unknown');
  });

  it('refuses a secure device while the server certificate is untrusted, names its thumbprint, adds it once trusted', async () => {
    const add = { name: 'open62541', endpointUrl: peer.url, ...secure };
    const refused = await failure('devices.addOpcUa', add);
    expect(refused.code).toBe('forbidden');
    expect(refusedThumbprint(refused)).toBe(peer.serverThumbprint);
    expect((await call<{ devices: unknown[] }>('devices.list', {})).devices).toEqual([]);

    let lists = await call<OpcUaCertificateLists>('opcua.certificates', {});
    const rejected = lists.rejected.find((c) => c.thumbprint === peer.serverThumbprint);
    expect(rejected).toMatchObject({ applicationUri: 'urn:open62541.server.application' });
    expect(rejected!.subject).not.toBe('');
    expect(Date.parse(rejected!.notAfter)).toBeGreaterThan(Date.parse(rejected!.notBefore));
    expect((await call<OpcUaDiscovery>('opcua.discover', { url: peer.url })).endpoints.find((e) => e.securityMode === 'SignAndEncrypt')!.trust).toBe('rejected');

    // The UI passes the thumbprint the way the refusal gave it, or as UaExpert shows it (upper case, colons).
    const colons = peer.serverThumbprint.toUpperCase().match(/../g)!.join(':');
    expect((await call<{ thumbprint: string }>('opcua.trust', { thumbprint: colons })).thumbprint).toBe(peer.serverThumbprint);
    lists = await call<OpcUaCertificateLists>('opcua.certificates', {});
    expect(lists.trusted.map((c) => c.thumbprint)).toContain(peer.serverThumbprint);
    expect(lists.rejected.map((c) => c.thumbprint)).not.toContain(peer.serverThumbprint);

    const added = await call<{ device: { id: string; protocol: string }; connection: { kind: string; securityMode: string } }>('devices.addOpcUa', add);
    expect(added.device.protocol).toBe('opcua');
    expect(added.connection).toMatchObject({ kind: 'opcua', securityMode: 'SignAndEncrypt' });

    // Rejecting it again moves it back; trusting it once more restores the device's standing.
    await call('opcua.reject', { thumbprint: peer.serverThumbprint });
    lists = await call<OpcUaCertificateLists>('opcua.certificates', {});
    expect(lists.rejected.map((c) => c.thumbprint)).toContain(peer.serverThumbprint);
    expect(lists.trusted.map((c) => c.thumbprint)).not.toContain(peer.serverThumbprint);
    await call('opcua.trust', { thumbprint: peer.serverThumbprint });
  });

  it('browses a device lazily from Objects, and its variables become live tags with Good quality', async () => {
    const { device } = await call<{ device: { id: string } }>('devices.addOpcUa', { name: 'open62541 plain', endpointUrl: peer.url });
    const objects = await call<OpcUaBrowseResult>('opcua.browse', { deviceId: device.id });
    expect(objects.nodeId).toBe('i=85');
    expect(objects.children.find((n) => n.nodeId === 'i=2253')).toMatchObject({ browseName: 'Server', nodeClass: 'Object', hasChildren: true });
    expect(objects.children.find((n) => n.nodeId === 'ns=1;s=the.answer')).toMatchObject({ nodeClass: 'Variable', dataType: 'Int32', hasChildren: false });

    const server = await call<OpcUaBrowseResult>('opcua.browse', { deviceId: device.id, nodeId: 'i=2253' });
    const status = server.children.find((n) => n.nodeId === 'i=2256');
    expect(status).toMatchObject({ nodeClass: 'Variable', hasChildren: true });
    const statusChildren = await call<OpcUaBrowseResult>('opcua.browse', { deviceId: device.id, nodeId: 'i=2256' });
    expect(statusChildren.children.find((n) => n.nodeId === 'i=2258')).toMatchObject({ displayName: 'CurrentTime', dataType: 'UtcTime' });

    await call('tagMaps.put', {
      deviceId: device.id,
      name: 'open62541 tags',
      tags: [
        { name: 'CurrentTime', source: { kind: 'opcua', nodeId: 'i=2258', samplingIntervalMs: 100 }, scanClassMs: 100 },
        { name: 'the.answer', source: { kind: 'opcua', nodeId: 'ns=1;s=the.answer' } },
      ],
    });
    const values = new Set<unknown>();
    await until('CurrentTime to change twice with Good quality', async () => {
      const now = (await call<TagReading[]>('tags.snapshot', {})).find((r) => r.name === 'CurrentTime' && r.deviceId === device.id);
      if (now?.quality.status === 'good') values.add(now.value);
      return values.size >= 3 ? true : undefined;
    });
    const answer = (await call<TagReading[]>('tags.snapshot', {})).find((r) => r.name === 'the.answer');
    expect(answer).toMatchObject({ value: 42, quality: { status: 'good' } });

    const modbus = await call<{ device: { id: string } }>('devices.addTcp', { name: 'modbus', host: '127.0.0.1', port: 1502 });
    expect((await failure('opcua.browse', { deviceId: modbus.device.id })).code).toBe('invalid_input');
  });

  it('logs in with a username: the password goes to the secret store, never the project; a wrong one adds nothing', async () => {
    const wrong = await failure('devices.addOpcUa', { name: 'demo bad', endpointUrl: demo.url, identity: { kind: 'username', userName: demo.user, password: `${demo.password}x` } });
    expect(wrong.code).toBe('forbidden');
    expect(refusedThumbprint(wrong)).toBeNull();
    const { connection, device } = await call<{ connection: { id: string; identity: unknown }; device: { id: string } }>('devices.addOpcUa', {
      name: 'demo',
      endpointUrl: demo.url,
      identity: { kind: 'username', userName: demo.user, password: demo.password },
    });
    expect(connection.identity).toEqual({ kind: 'username', userName: demo.user });
    const stored = JSON.parse(readFileSync(path.join(dir, 'data', 'opcua-secrets.json'), 'utf8')) as { passwords: Record<string, string> };
    expect(Object.values(stored.passwords)).toEqual([demo.password]);
    expect(stored.passwords[connection.id]).toBe(demo.password);
    expect(JSON.stringify(await call<unknown>('devices.list', {}))).not.toContain(demo.password);
    // Every file the engine wrote (project recovery, recent list, audit), but the secret store, is free of it.
    const written = await until('the project to be autosaved with the device', async () => {
      const files = filesUnder(dir).filter((f) => !f.endsWith('opcua-secrets.json') && !f.includes(`${path.sep}pki${path.sep}`));
      return files.some((f) => readFileSync(f, 'utf8').includes(connection.id)) ? files : undefined;
    });
    for (const f of written) expect(readFileSync(f, 'utf8'), f).not.toContain(demo.password);
    // The device's own session logs in with the stored password.
    const plant = await call<OpcUaBrowseResult>('opcua.browse', { deviceId: device.id });
    expect(plant.children.map((n) => n.nodeId)).toContain('ns=1;s=Plant');
    // Removing the server removes its password too.
    await call('devices.remove', { deviceId: device.id });
    const after = JSON.parse(readFileSync(path.join(dir, 'data', 'opcua-secrets.json'), 'utf8')) as { passwords: Record<string, string> };
    expect(after.passwords[connection.id]).toBeUndefined();
  });
});
