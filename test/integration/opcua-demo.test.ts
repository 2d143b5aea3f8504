import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DEVICE_ID, CLI_MAP_ID, singleOpcUaProject } from '../../src/cli/cli-engine';
import { Browser, type BrowsedNode } from '../../src/engine/opcua/browse';
import { discover } from '../../src/engine/opcua/discovery';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import type { OpcUaSession } from '../../src/engine/opcua/session';
import { tagKey, type OpcUaConnection, type TagInput } from '../../src/shared/project/schema';
import { tempDir } from '../helpers/engine';
import { nextReading, opcuaCore, startDemoOpcUa } from '../helpers/opcua-peer';
import type { Peer } from '../helpers/processes';

// Our own demo server (`fieldbench sim opcua`, node-opcua) with our own client: this proves both sides agree; the
// independent checks run against open62541 (opcua-open62541*.test.ts).
const M = 'ns=1;s=Plant.Mixing.Mixer01';

let demo: Peer & { url: string; user: string; password: string };
const home = tempDir('fieldbench-demo-home-');
beforeAll(async () => {
  demo = await startDemoOpcUa(home.dir);
}, 90_000);
afterAll(async () => {
  await demo?.stop();
  home.cleanup();
});

const conn = (extra: Partial<OpcUaConnection> = {}): Omit<OpcUaConnection, 'id'> => ({
  kind: 'opcua',
  name: 'demo',
  endpointUrl: demo.url,
  securityMode: 'None',
  securityPolicy: 'None',
  identity: { kind: 'anonymous' },
  sessionTimeoutMs: 120_000,
  requestTimeoutMs: 5000,
  ...extra,
});
const tag = (name: string, nodeId: string, extra: Partial<TagInput> = {}): TagInput => ({ name, source: { kind: 'opcua', nodeId }, ...extra });

describe('the OPC UA demo server (sim opcua)', () => {
  it('offers None and SignAndEncrypt Basic256Sha256, anonymous and username logins', async () => {
    const env = opcuaCore();
    try {
      const found = await discover(demo.url, await OpcUaPki.open(env.dataDir));
      expect(new Set(found.endpoints.map((e) => `${e.securityMode}/${e.securityPolicy}`))).toEqual(new Set(['None/None', 'SignAndEncrypt/Basic256Sha256']));
      for (const e of found.endpoints) expect(e.userTokens.map((t) => t.type)).toEqual(expect.arrayContaining(['anonymous', 'username']));
      expect(found.endpoints.find((e) => e.securityMode === 'SignAndEncrypt')?.certificate?.applicationUri).toBe('urn:fieldbench:demo-server');
    } finally {
      await env.dispose();
    }
  });

  it('has a plant: areas, machines, every scalar type, an array, as many variables as it says', async () => {
    const env = opcuaCore();
    try {
      env.core.load(singleOpcUaProject(conn()), { acquire: false });
      const { session } = env.core.device(CLI_DEVICE_ID).driver as unknown as { session: OpcUaSession };
      const nodes: BrowsedNode[] = [];
      await new Browser(session).walk('ns=1;s=Plant', Infinity, (level) => nodes.push(...level));
      // The InputArguments / OutputArguments properties of methods are variables the demo does not count as its own.
      const methods = nodes.filter((n) => n.nodeClass === 'Method');
      const methodIds = new Set(methods.map((n) => n.nodeId));
      const variables = nodes.filter((n) => n.nodeClass === 'Variable' && !methodIds.has(n.parent));
      const said = Number(/(\d+) variables/.exec(demo.output())![1]);
      expect(variables.length).toBe(said);
      expect(variables.length).toBeGreaterThan(300);
      expect(nodes.filter((n) => n.parent === 'ns=1;s=Plant' && n.nodeClass === 'Object').map((n) => n.browseName)).toEqual(['1:Mixing', '1:Filling', '1:Packaging']);
      expect(methods.map((n) => n.browseName).filter((b) => b === '1:ApplyRecipe')).toHaveLength(Number(/(\d+) machines/.exec(demo.output())![1]));
      expect(methods.find((n) => n.nodeId === 'ns=1;s=Plant.Scale')?.parent).toBe('ns=1;s=Plant');
      const types = variables.filter((n) => n.parent === `${M}.Types`).map((n) => n.dataType);
      expect(types).toEqual(expect.arrayContaining(['Boolean', 'SByte', 'Byte', 'Int16', 'UInt16', 'Int32', 'UInt32', 'Int64', 'UInt64', 'Float', 'Double', 'String', 'DateTime', 'Guid', 'ByteString', 'LocalizedText']));
      expect(variables.find((n) => n.nodeId === `${M}.Vibration`)).toMatchObject({ dataType: 'Double', valueRank: 1 });
    } finally {
      await env.dispose();
    }
  });

  it('delivers moving values through a subscription, and writes a setting with confirmation', async () => {
    const env = opcuaCore();
    try {
      env.core.load(
        singleOpcUaProject(conn(), [
          tag('temperature', `${M}.Temperature`, { scanClassMs: 200 }),
          tag('vibration', `${M}.Vibration`, { scanClassMs: 200 }),
          tag('setpoint', `${M}.Setpoint`, { access: 'read-write' }),
          tag('int64', `${M}.Types.Int64`, { access: 'read-write' }),
          tag('uint32', `${M}.Types.UInt32`, { access: 'read-write' }),
          tag('temperatureRw', `${M}.Temperature`, { access: 'read-write' }),
        ]),
      );
      const temps: { v: unknown; ts: number }[] = [];
      await nextReading(env.core, (r) => {
        if (r.name === 'temperature' && r.quality.status === 'good') temps.push({ v: r.value, ts: r.sourceTimestamp! });
        return temps.length >= 3;
      });
      expect(temps.every((t) => typeof t.v === 'number')).toBe(true);
      for (let i = 1; i < temps.length; i++) expect(temps[i]!.ts).toBeGreaterThan(temps[i - 1]!.ts);
      const vib = env.core.reading(tagKey(CLI_MAP_ID, 'vibration'));
      expect(Array.isArray(vib?.value) && vib.value.length).toBe(8);

      const t = await env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'setpoint'), value: 72.5, note: '' });
      expect(t.oldValue).toBe(50);
      expect((await env.core.confirmWrite(t.ticketId)).readBackValue).toBe(72.5);

      // Beyond 2^53: sent and read back exactly, as text.
      const big = await env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'int64'), value: '-9007199254740993', note: '' });
      expect(big.detail).toMatchObject({ dataType: 'Int64', value: '-9007199254740993' });
      expect((await env.core.confirmWrite(big.ticketId)).readBackValue).toBe('-9007199254740993');

      await expect(env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'uint32'), value: -1, note: '' })).rejects.toThrow(/does not fit UInt32/);
      await expect(env.core.prepareWrite({ tagKey: tagKey(CLI_MAP_ID, 'temperatureRw'), value: 1, note: '' })).rejects.toThrow(/read-only/);
    } finally {
      await env.dispose();
    }
  });

  it('logs in as the generated user over SignAndEncrypt, and refuses another password', async () => {
    const env = opcuaCore();
    try {
      const pki = await OpcUaPki.open(env.dataDir);
      const cert = (await discover(demo.url, pki)).endpoints.find((e) => e.securityMode === 'SignAndEncrypt')!.certificate!;
      // The operator's decision, as `fieldbench certs trust` makes it: connect once (refused), then trust.
      env.core.load(singleOpcUaProject(conn({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' }), [tag('mode', `${M}.Mode`)]), { acquire: false });
      await expect(env.core.readOnce(CLI_DEVICE_ID)).rejects.toThrow(cert.thumbprint);
      await pki.trust(cert.thumbprint);
      await env.secrets.setPassword('cli-connection', demo.password);
      env.core.load(singleOpcUaProject(conn({ name: 'demo as operator', securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', identity: { kind: 'username', userName: demo.user } }), [tag('mode', `${M}.Mode`)]), { acquire: false });
      expect((await env.core.readOnce(CLI_DEVICE_ID))[0]).toMatchObject({ value: 1, quality: { status: 'good' } });
      await env.secrets.setPassword('cli-connection', `${demo.password}x`);
      env.core.load(singleOpcUaProject(conn({ name: 'demo, wrong password', identity: { kind: 'username', userName: demo.user } }), [tag('mode', `${M}.Mode`)]), { acquire: false });
      await expect(env.core.readOnce(CLI_DEVICE_ID)).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected/);
    } finally {
      await env.dispose();
    }
  });
});
