import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DEVICE_ID, CLI_MAP_ID, singleOpcUaProject } from '../../src/cli/cli-engine';
import { Browser, type BrowsedNode } from '../../src/engine/opcua/browse';
import { discover } from '../../src/engine/opcua/discovery';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import { tagKey, type TagInput } from '../../src/shared/project/schema';
import { nextReading, opcuaCore, startOpen62541, type Open62541 } from '../helpers/opcua-peer';

// Against open62541's server_ctt (../shared/peers), an OPC UA stack that shares no code with node-opcua.
// Node ids of its conformance-test address space (open62541 v1.3.20): the answer (Int32 42, writable), a
// write-only and an unreadable node, the scalar folder's Double (writable), and the server's CurrentTime.
const THE_ANSWER = 'ns=1;s=the.answer';
const NOT_READABLE = 'ns=1;s=the.answer.no.read';
const SCALAR_DOUBLE = 'ns=1;i=51031';
const SCALAR_INT32 = 'ns=1;i=51016';
const CURRENT_TIME = 'i=2258';
const PRODUCT_URI = 'i=2262';

const tag = (name: string, nodeId: string, extra: Partial<TagInput> = {}): TagInput => ({ name, source: { kind: 'opcua', nodeId }, ...extra });

describe('OPC UA against open62541 (no security)', () => {
  let server: Open62541;
  beforeAll(async () => {
    server = await startOpen62541();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('discovers the server and every endpoint with its security and user tokens', async () => {
    const env = opcuaCore();
    try {
      const pki = await OpcUaPki.open(env.dataDir);
      const found = await discover(server.url, pki);
      expect(found.servers.map((s) => s.applicationUri)).toContain('urn:open62541.server.application');
      const modes = found.endpoints.map((e) => `${e.securityMode}/${e.securityPolicy}`);
      // The README of the peer: None, and Basic256Sha256 and Aes128_Sha256_RsaOaep in Sign and SignAndEncrypt (its
      // --enableOutdatedSecurityPolicy adds no Basic128Rsa15 / Basic256 endpoints in this build: none is deprecated).
      expect(new Set(modes)).toEqual(new Set(['None/None', 'Sign/Basic256Sha256', 'SignAndEncrypt/Basic256Sha256', 'Sign/Aes128_Sha256_RsaOaep', 'SignAndEncrypt/Aes128_Sha256_RsaOaep']));
      expect(found.endpoints.every((e) => !e.deprecated)).toBe(true);
      for (const e of found.endpoints) expect(e.userTokens.map((t) => t.type)).toEqual(expect.arrayContaining(['anonymous', 'username']));
      const secure = found.endpoints.find((e) => e.securityMode === 'SignAndEncrypt')!;
      expect(secure.certificate?.thumbprint).toBe(server.serverThumbprint);
      expect(secure.certificate?.applicationUri).toBe('urn:open62541.server.application');
      // The application instance certificate was made on first use, in the data folder.
      expect(statSync(path.join(env.dataDir, 'pki', 'own', 'certs', 'client_certificate.pem')).isFile()).toBe(true);
    } finally {
      await env.dispose();
    }
  });

  it('reads tags through the engine core on an anonymous session: values, Bad qualities by StatusCode name', async () => {
    const env = opcuaCore();
    try {
      env.core.load(
        singleOpcUaProject({ kind: 'opcua', name: 'peer', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }, [
          tag('answer', THE_ANSWER),
          tag('product', PRODUCT_URI),
          tag('now', CURRENT_TIME),
          tag('hidden', NOT_READABLE),
          tag('missing', 'ns=1;s=no.such.node'),
        ]),
        { acquire: false },
      );
      const byName = new Map((await env.core.readOnce(CLI_DEVICE_ID)).map((r) => [r.name, r]));
      expect(byName.get('answer')).toMatchObject({ value: 42, quality: { status: 'good' } });
      expect(byName.get('product')).toMatchObject({ value: 'http://open62541.org', quality: { status: 'good' } });
      const now = byName.get('now')!;
      expect(now.quality.status).toBe('good');
      expect(Number.isNaN(Date.parse(String(now.value)))).toBe(false);
      expect(byName.get('hidden')).toMatchObject({ value: null, quality: { status: 'bad', reason: 'BadNotReadable' } });
      expect(byName.get('missing')).toMatchObject({ value: null, quality: { status: 'bad', reason: 'BadNodeIdUnknown' } });
    } finally {
      await env.dispose();
    }
  });

  it('browses the whole of Objects: the variables of namespace 1, the same batched as one node per request', async () => {
    const env = opcuaCore();
    try {
      env.core.load(singleOpcUaProject({ kind: 'opcua', name: 'peer', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }), { acquire: false });
      const { session } = env.core.device(CLI_DEVICE_ID).driver as unknown as { session: import('../../src/engine/opcua/session').OpcUaSession };
      const walk = async (nodesPerBrowse?: number) => {
        const browser = new Browser(session, nodesPerBrowse ? { nodesPerBrowse } : {});
        const nodes: BrowsedNode[] = [];
        await browser.walk('i=85', Infinity, (level) => nodes.push(...level));
        return { nodes, stats: browser.stats };
      };
      const batched = await walk();
      const ns1Variables = batched.nodes.filter((n) => n.nodeId.startsWith('ns=1;') && n.nodeClass === 'Variable');
      // The peer's README: about 1,300 variables of every built-in type in namespace 1.
      expect(ns1Variables.length).toBeGreaterThan(1000);
      expect(ns1Variables.find((n) => n.nodeId === THE_ANSWER)).toMatchObject({ dataType: 'Int32', valueRank: -1, parent: 'i=85', hasChildren: false });
      expect(batched.nodes.find((n) => n.nodeId === 'i=2253')).toMatchObject({ nodeClass: 'Object', browseName: 'Server', hasChildren: true });
      const arrays = ns1Variables.filter((n) => (n.valueRank ?? -1) >= 1);
      expect(arrays.length).toBeGreaterThan(10);
      const single = await walk(1);
      expect(single.nodes.map((n) => n.nodeId).sort()).toEqual(batched.nodes.map((n) => n.nodeId).sort());
      expect(batched.stats.browseRequests * 20).toBeLessThan(single.stats.browseRequests);
    } finally {
      await env.dispose();
    }
  });

  it('subscribes through the engine core: changing values with source timestamps', async () => {
    const env = opcuaCore();
    try {
      env.core.load(
        singleOpcUaProject({ kind: 'opcua', name: 'peer', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }, [
          tag('now', CURRENT_TIME, { scanClassMs: 100, source: { kind: 'opcua', nodeId: CURRENT_TIME, samplingIntervalMs: 100 } }),
          tag('answer', THE_ANSWER, { scanClassMs: 100 }),
        ]),
      );
      const seen: { value: unknown; ts: number }[] = [];
      await nextReading(env.core, (r) => {
        if (r.name === 'now' && r.quality.status === 'good') seen.push({ value: r.value, ts: r.sourceTimestamp! });
        return seen.length >= 4;
      });
      expect(new Set(seen.map((s) => s.value)).size).toBe(4);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.ts).toBeGreaterThan(seen[i - 1]!.ts);
      expect(env.core.reading(tagKey(CLI_MAP_ID, 'answer'))).toMatchObject({ value: 42, quality: { status: 'good' } });
    } finally {
      await env.dispose();
    }
  });

  it('writes through the confirmation path and reads back; a value that does not fit is refused before sending', async () => {
    const env = opcuaCore();
    try {
      env.core.load(
        singleOpcUaProject({ kind: 'opcua', name: 'peer', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }, [
          tag('double', SCALAR_DOUBLE, { access: 'read-write' }),
          tag('int32', SCALAR_INT32, { access: 'read-write' }),
          tag('now', CURRENT_TIME, { access: 'read-write' }),
        ]),
        { acquire: false },
      );
      const target = 1000 + Math.round(Math.random() * 1000) / 8;
      const ticket = await env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'double'), value: target, note: 'test' });
      expect(ticket.detail).toMatchObject({ protocol: 'opcua', nodeId: SCALAR_DOUBLE, dataType: 'Double', array: false, value: target });
      expect(ticket.newValue).toBe(target);
      const outcome = await env.core.confirmWrite(ticket.ticketId);
      expect(outcome).toMatchObject({ result: 'written', readBackValue: target });
      const after = new Map((await env.core.readOnce(CLI_DEVICE_ID)).map((r) => [r.name, r]));
      expect(after.get('double')?.value).toBe(target);

      await expect(env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'int32'), value: 3_000_000_000, note: '' })).rejects.toThrow(/does not fit Int32/);
      await expect(env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'int32'), value: 'twelve', note: '' })).rejects.toThrow(/not a number/);
      // CurrentTime is read-only: its UserAccessLevel has no CurrentWrite.
      await expect(env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'now'), value: '2030-01-01T00:00:00Z', note: '' })).rejects.toThrow(/read-only/);
      const audit = await env.core.audit.list();
      expect(audit.filter((a) => a.ticketId === ticket.ticketId).map((a) => [a.action, a.protocol, a.ok])).toEqual([
        ['write-intent', 'opcua', true],
        ['write', 'opcua', true],
      ]);
    } finally {
      await env.dispose();
    }
  });

  it('writes and reads back every built-in scalar type and arrays, values converted both ways', async () => {
    const env = opcuaCore();
    try {
      env.core.load(singleOpcUaProject({ kind: 'opcua', name: 'peer', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }), { acquire: false });
      const { session } = env.core.device(CLI_DEVICE_ID).driver as unknown as { session: import('../../src/engine/opcua/session').OpcUaSession };
      // The conformance server's folders of one variable per built-in type: scalars, and one-dimensional arrays.
      const folders = await new Browser(session).children(['ns=1;i=50001', 'ns=1;i=50002']);
      const byType = (folder: string) => new Map(folders.get(folder)!.map((n) => [n.dataType, n.nodeId]));
      const scalars = byType('ns=1;i=50001');
      const arrays = byType('ns=1;i=50002');
      // [type, value written, value expected back]
      const cases: [string, string | number | boolean, string | number | boolean | string[]][] = [
        ['Boolean', true, true],
        ['SByte', -100, -100],
        ['Byte', 200, 200],
        ['Int16', -30000, -30000],
        ['UInt16', 60000, 60000],
        ['Int32', -2000000000, -2000000000],
        ['UInt32', 4000000000, 4000000000],
        ['Int64', '-9007199254740993', '-9007199254740993'],
        ['UInt64', '18446744073709551615', '18446744073709551615'],
        ['Float', 1.1, 1.1],
        ['Double', 1e-300, 1e-300],
        ['String', 'grüße', 'grüße'],
        ['DateTime', '2030-05-06T07:08:09.123Z', '2030-05-06T07:08:09.123Z'],
        ['Guid', '72962b91-fa75-4ae6-8d28-b404dc7daf63', '72962B91-FA75-4AE6-8D28-B404DC7DAF63'],
        ['ByteString', 'AAEC/w==', 'AAEC/w=='],
        ['LocalizedText', 'hallo', 'hallo'],
      ];
      const tags = [
        ...cases.map(([type]) => tag(type, scalars.get(type)!, { access: 'read-write' })),
        tag('Int32[]', arrays.get('Int32')!, { access: 'read-write' }),
        tag('Double[]', arrays.get('Double')!, { access: 'read-write' }),
      ];
      env.core.load(singleOpcUaProject({ kind: 'opcua', name: 'peer, types', endpointUrl: server.url, securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 }, tags), { acquire: false });
      for (const [type, value, back] of [...cases, ['Int32[]', '[1, -2, 3]', ['1', '-2', '3']], ['Double[]', '[0.5, 2.25]', ['0.5', '2.25']]] as typeof cases) {
        const t = await env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, type), value, note: '' });
        const outcome = await env.core.confirmWrite(t.ticketId);
        expect({ type, back: outcome.readBackValue }).toEqual({ type, back: Array.isArray(back) ? JSON.stringify(back) : back });
      }
      const readings = new Map((await env.core.readOnce(CLI_DEVICE_ID)).map((r) => [r.name, r.value]));
      expect(readings.get('UInt64')).toBe('18446744073709551615');
      expect(readings.get('Int32[]')).toEqual(['1', '-2', '3']);
      expect(readings.get('Float')).toBe(1.1);
    } finally {
      await env.dispose();
    }
  });

  it('logs in as user1 with the password from the 0600 secret file; a wrong password is refused by name', async () => {
    const env = opcuaCore();
    try {
      const connection = { kind: 'opcua' as const, name: 'peer', endpointUrl: server.url, securityMode: 'None' as const, securityPolicy: 'None' as const, identity: { kind: 'username' as const, userName: 'user1' }, sessionTimeoutMs: 120_000, requestTimeoutMs: 5000 };
      await env.secrets.setPassword('cli-connection', 'password');
      expect(statSync(path.join(env.dataDir, 'opcua-secrets.json')).mode & 0o777).toBe(0o600);
      env.core.load(singleOpcUaProject(connection, [tag('answer', THE_ANSWER)]), { acquire: false });
      expect((await env.core.readOnce(CLI_DEVICE_ID))[0]).toMatchObject({ value: 42, quality: { status: 'good' } });

      await env.secrets.setPassword('cli-connection', 'not-the-password');
      env.core.load(singleOpcUaProject({ ...connection, name: 'peer again' }, [tag('answer', THE_ANSWER)]), { acquire: false });
      await expect(env.core.readOnce(CLI_DEVICE_ID)).rejects.toThrow(/as user "user1".*Bad(UserAccessDenied|IdentityTokenRejected|IdentityTokenInvalid)/);
    } finally {
      await env.dispose();
    }
  });
});
