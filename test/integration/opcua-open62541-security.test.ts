import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_DEVICE_ID, singleOpcUaProject } from '../../src/cli/cli-engine';
import { Browser } from '../../src/engine/opcua/browse';
import { OpcUaCertificateError, OpcUaClientRejectedError } from '../../src/engine/opcua/errors';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import type { OpcUaSession } from '../../src/engine/opcua/session';
import type { OpcUaConnection, TagInput } from '../../src/shared/project/schema';
import { nextReading, opcuaCore, startOpen62541, type Open62541 } from '../helpers/opcua-peer';

const THE_ANSWER = 'ns=1;s=the.answer';
const CURRENT_TIME = 'i=2258';

const connection = (url: string, extra: Partial<OpcUaConnection> = {}): Omit<OpcUaConnection, 'id'> => ({
  kind: 'opcua',
  name: 'peer',
  endpointUrl: url,
  securityMode: 'None',
  securityPolicy: 'None',
  identity: { kind: 'anonymous' },
  sessionTimeoutMs: 120_000,
  requestTimeoutMs: 5000,
  ...extra,
});
const answer: TagInput = { name: 'answer', source: { kind: 'opcua', nodeId: THE_ANSWER } };

let server: Open62541 | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await server?.stop();
  server = null;
});

describe('OPC UA security against open62541 with a trust list', { timeout: 60_000 }, () => {
  it('SignAndEncrypt Basic256Sha256: refuses the untrusted server by thumbprint, then needs the server to trust us, then works', async () => {
    server = await startOpen62541({ trustList: true });
    const env = opcuaCore();
    cleanups.push(env.dispose);
    const secure = connection(server.url, { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' });
    env.core.load(singleOpcUaProject(secure, [answer]), { acquire: false });

    // 1. Our side: the server's certificate is unknown, so it is refused, named, and recorded as rejected.
    const refused = await env.core.readOnce(CLI_DEVICE_ID).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpcUaCertificateError);
    const certError = refused as OpcUaCertificateError;
    expect(certError.problem).toBe('untrusted');
    expect(certError.certificate.thumbprint).toBe(server.serverThumbprint);
    expect(certError.message).toContain(server.serverThumbprint);
    expect(certError.certificate.applicationUri).toBe('urn:open62541.server.application');
    const pki = await OpcUaPki.open(env.dataDir);
    expect((await pki.list()).rejected.map((c) => c.thumbprint)).toEqual([server.serverThumbprint]);

    // 2. The operator trusts it; now the server refuses us, because our certificate is not in its trust list.
    await pki.trust(server.serverThumbprint);
    expect((await pki.list()).trusted.map((c) => c.thumbprint)).toEqual([server.serverThumbprint]);
    expect((await pki.list()).rejected).toEqual([]);
    env.core.load(singleOpcUaProject({ ...secure, name: 'peer, trusted' }, [answer]), { acquire: false });
    const rejectedByServer = await env.core.readOnce(CLI_DEVICE_ID).catch((e: unknown) => e);
    expect(rejectedByServer).toBeInstanceOf(OpcUaClientRejectedError);
    expect((rejectedByServer as OpcUaClientRejectedError).ownThumbprint).toBe(pki.own.info.thumbprint);

    // 3. Our certificate in the server's --trustlistFolder (DER): the secure session works.
    const der = path.join(server.trustDir, 'fieldbench.der');
    writeFileSync(der, pki.own.der);
    env.core.load(singleOpcUaProject({ ...secure, name: 'peer, both ways' }, [answer]), { acquire: false });
    expect((await env.core.readOnce(CLI_DEVICE_ID))[0]).toMatchObject({ value: 42, quality: { status: 'good' } });
  });

  it('trusts a server certificate for one run by thumbprint without adding it to the trusted list', async () => {
    server = await startOpen62541();
    const env = opcuaCore({ trustServer: server.serverThumbprint.toUpperCase() });
    cleanups.push(env.dispose);
    env.core.load(singleOpcUaProject(connection(server.url, { securityMode: 'Sign', securityPolicy: 'Aes128_Sha256_RsaOaep' }), [answer]), { acquire: false });
    expect((await env.core.readOnce(CLI_DEVICE_ID))[0]).toMatchObject({ value: 42, quality: { status: 'good' } });
    expect((await (await OpcUaPki.open(env.dataDir)).list()).trusted).toEqual([]);
  });

  it('a policy the server does not offer is named with what it offers', async () => {
    server = await startOpen62541();
    const env = opcuaCore();
    cleanups.push(env.dispose);
    env.core.load(singleOpcUaProject(connection(server.url, { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256' }), [answer]), { acquire: false });
    await expect(env.core.readOnce(CLI_DEVICE_ID)).rejects.toThrow(/no SignAndEncrypt endpoint with policy Basic256; it offers None\/None, .*SignAndEncrypt\/Basic256Sha256/);
  });
});

describe('OPC UA when the server goes away', { timeout: 240_000 }, () => {
  it('a server that is down when acquisition starts: Bad readings naming why, then values once it is up', async () => {
    server = await startOpen62541();
    await server.kill();
    const env = opcuaCore();
    cleanups.push(env.dispose);
    env.core.load(singleOpcUaProject(connection(server.url), [{ name: 'answer', source: { kind: 'opcua', nodeId: THE_ANSWER }, scanClassMs: 200 }]));
    const down = await nextReading(env.core, () => true, 60_000);
    expect(down).toMatchObject({ value: null, quality: { status: 'bad' } });
    expect(down.quality.reason).toMatch(/connection refused/);
    const up = nextReading(env.core, (r) => r.quality.status === 'good', 120_000);
    await server.restart();
    expect((await up).value).toBe(42);
  });

  it('a server that vanishes mid-browse ends the browse with a clear error, not a hang', async () => {
    server = await startOpen62541();
    const env = opcuaCore();
    cleanups.push(env.dispose);
    env.core.load(singleOpcUaProject(connection(server.url)), { acquire: false });
    const { session } = env.core.device(CLI_DEVICE_ID).driver as unknown as { session: OpcUaSession };
    // One node per Browse request: the walk takes hundreds of requests, and the server dies after the first level.
    const browser = new Browser(session, { nodesPerBrowse: 1 });
    let levels = 0;
    const walking = browser.walk('i=85', Infinity, () => {
      levels++;
      if (levels === 1) void server!.kill();
    });
    await expect(walking).rejects.toThrow(/(Browse|BrowseNext|Read) on opc\.tcp:\/\/127\.0\.0\.1:\d+: .*(lost|closed|not connected|refused|no answer)/);
    expect(levels).toBeGreaterThanOrEqual(1);
  });

  it('turns readings Bad when the server is killed, and after its restart the subscription is restored and values flow again', async () => {
    server = await startOpen62541();
    const env = opcuaCore();
    cleanups.push(env.dispose);
    const states: string[] = [];
    env.core.events.on('connection.state', (s) => states.push(s.state));
    env.core.load(singleOpcUaProject(connection(server.url), [{ name: 'now', source: { kind: 'opcua', nodeId: CURRENT_TIME, samplingIntervalMs: 100 }, scanClassMs: 100 }]));
    const before = await nextReading(env.core, (r) => r.quality.status === 'good');

    const goodAfterKill: unknown[] = [];
    let killed = false;
    const off = env.core.onReading((r) => {
      if (killed && r.quality.status === 'good' && !restarted) goodAfterKill.push(r.value);
    });
    let restarted = false;
    const badPromise = nextReading(env.core, (r) => r.quality.status === 'bad', 60_000);
    await server.kill();
    killed = true;
    const badReading = await badPromise;
    expect(badReading.value).toBeNull();
    expect(badReading.quality.reason).toMatch(/comm lost/);
    expect(states).toContain('disconnected');

    const goodAgain = nextReading(env.core, (r) => r.quality.status === 'good', 90_000);
    restarted = true;
    await server.restart();
    const after = await goodAgain;
    off();
    expect(goodAfterKill).toEqual([]);
    expect(after.sourceTimestamp!).toBeGreaterThan(before.sourceTimestamp!);
    // Values keep flowing from the restored subscription, not only the one Read after the reconnection.
    const seen = new Set<unknown>();
    await nextReading(env.core, (r) => {
      if (r.quality.status === 'good') seen.add(r.value);
      return seen.size >= 3;
    }, 30_000);
    expect(states.at(-1)).toBe('connected');
  });
});
