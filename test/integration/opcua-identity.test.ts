import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DEVICE_ID, singleOpcUaProject } from '../../src/cli/cli-engine';
import { startDemoServer, type DemoServer } from '../../src/engine/opcua/demo-server';
import { discover } from '../../src/engine/opcua/discovery';
import { readNodeValue } from '../../src/engine/opcua/node-read';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import type { OpcUaSession } from '../../src/engine/opcua/session';
import { certificateDer } from '../../src/engine/opcua/cert-info';
import type { OpcUaConnection } from '../../src/shared/project/schema';
import { tempDir } from '../helpers/engine';
import { opcuaCore } from '../helpers/opcua-peer';

// X.509 user certificate login and a deprecated security policy, against our demo server (open62541 refuses X.509
// user tokens): the demo trusts one user certificate it is given; another one is refused.
const certs = tempDir('fieldbench-user-certs-');
const home = tempDir('fieldbench-demo-home-');
let demo: DemoServer;

/** A self-signed user certificate and its key, made by openssl (not by the code under test). */
function userCertificate(name: string): { pem: string; key: string; der: Buffer } {
  const pem = path.join(certs.dir, `${name}.pem`);
  const key = path.join(certs.dir, `${name}.pem.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', pem, '-days', '30', '-subj', `/CN=${name}/O=Fieldbench test`, '-addext', 'keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment'], { stdio: 'ignore' });
  const der = execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER']);
  return { pem, key, der };
}

const trusted = userCertificate('operator');
const stranger = userCertificate('stranger');

beforeAll(async () => {
  demo = await startDemoServer({ port: 0, dataDir: home.dir, machinesPerArea: 1, trustedUserCertificates: [trusted.der], deprecatedPolicy: true });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  home.cleanup();
  certs.cleanup();
});

const conn = (extra: Partial<OpcUaConnection>): Omit<OpcUaConnection, 'id'> => ({
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

/** An engine core with the user certificate files in its data folder's user PKI, as the operator puts them there. */
function coreWith(files: { pem: string; key: string }[], trustServer?: string) {
  const env = opcuaCore(trustServer ? { trustServer } : {});
  const dir = path.join(env.dataDir, 'pki', 'user');
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    execFileSync('cp', [f.pem, path.join(dir, path.basename(f.pem))]);
    execFileSync('cp', [f.key, path.join(dir, path.basename(f.key))]);
  }
  return env;
}

const sessionOf = (env: ReturnType<typeof opcuaCore>) => (env.core.device(CLI_DEVICE_ID).driver as unknown as { session: OpcUaSession }).session;

describe('X.509 user certificate login', () => {
  it('logs in with a user certificate the server trusts, and is refused with one it does not', async () => {
    const env = coreWith([trusted, stranger]);
    try {
      env.core.load(singleOpcUaProject(conn({ identity: { kind: 'certificate', certificate: 'operator.pem' } })), { acquire: false });
      const session = sessionOf(env);
      expect((await readNodeValue(session, 'ns=1;s=Plant.Mixing.Mixer01.Setpoint')).value).toBe(50);
      expect(session.state).toBe('connected');
      // The server knows who it is: the session's user identity token carries the certificate given.
      const s = await session.open();
      expect(certificateDer((s as unknown as { userIdentityInfo: { certificateData: Buffer } }).userIdentityInfo.certificateData).equals(trusted.der)).toBe(true);

      env.core.load(singleOpcUaProject(conn({ name: 'stranger', identity: { kind: 'certificate', certificate: 'stranger.pem' } })), { acquire: false });
      await expect(readNodeValue(sessionOf(env), 'ns=1;s=Plant.Mixing.Mixer01.Setpoint')).rejects.toThrow(/with user certificate stranger\.pem on .*: BadIdentityTokenRejected/);
    } finally {
      await env.dispose();
    }
  });

  it('says which file is missing when the user certificate is not in the user PKI', async () => {
    const env = coreWith([]);
    try {
      env.core.load(singleOpcUaProject(conn({ identity: { kind: 'certificate', certificate: 'nobody.pem' } })), { acquire: false });
      await expect(sessionOf(env).open()).rejects.toThrow(/user certificate .*nobody\.pem \(with its key .*nobody\.pem\.key\)/);
    } finally {
      await env.dispose();
    }
  });
});

describe('a deprecated security policy', () => {
  it('is marked deprecated in discovery, and a session on it is allowed but carries a warning', async () => {
    const env = coreWith([]);
    try {
      const found = await discover(demo.url, await OpcUaPki.open(env.dataDir));
      const policies = found.endpoints.map((e) => [e.securityPolicy, e.deprecated]);
      expect(policies).toContainEqual(['Basic256', true]);
      expect(policies).toContainEqual(['Basic256Sha256', false]);
      expect(policies).toContainEqual(['None', false]);
      const ep = found.endpoints.find((e) => e.securityPolicy === 'Basic256')!;
      await env.dispose();
      const trustedEnv = coreWith([], ep.certificate!.thumbprint);
      try {
        trustedEnv.core.load(singleOpcUaProject(conn({ securityMode: ep.securityMode as 'SignAndEncrypt', securityPolicy: 'Basic256' })), { acquire: false });
        const session = sessionOf(trustedEnv);
        expect((await readNodeValue(session, 'ns=1;s=Plant.Mixing.Mixer01.Setpoint')).value).toBe(50);
        expect(session.detail).toMatch(/Basic256.*WARNING: Basic256 is deprecated since OPC UA 1\.04/);
        const s = await session.open();
        expect(String((s as unknown as { endpoint: { securityPolicyUri: string } }).endpoint.securityPolicyUri)).toMatch(/#Basic256$/);
      } finally {
        await trustedEnv.dispose();
      }
    } finally {
      await env.dispose().catch(() => undefined);
    }
  });
});

