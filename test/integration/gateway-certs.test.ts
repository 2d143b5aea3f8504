import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueGatewayCertificates, type IssuedCertificates } from '../../src/gateway/certs/issue';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag, writeConfig } from '../helpers/gateway-runtime-config';
import { freePort, SparkplugRecorder } from '../helpers/mqtt-peers';
import { ROOT, startPeer, startPymodbusTcp, type Peer } from '../helpers/processes';

const derOf = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

describe('a gateway on its own certificates: the embedded broker over TLS, the OPC UA server with the CA-signed certificate', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let gw: Peer;
  let certs: IssuedCertificates;
  let tlsUrl: string;
  let login: { username: string; password: string };

  beforeAll(async () => {
    tmp = tempDir('fieldbench-gwtls-');
    plc = await startPymodbusTcp(1);
    certs = issueGatewayCertificates(path.join(tmp.dir, 'secrets'), { name: 'gateway test' });
    const doc = gatewayDoc(plc.port, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16')] }], {
      broker: { kind: 'embedded', port: 0 },
    });
    const tlsPort = await freePort();
    (doc['northbound'] as { broker: Record<string, unknown> }).broker['tls'] = { port: tlsPort, cert: 'secrets/gateway-cert.pem', key: 'secrets/gateway-key.pem', ca: 'secrets/ca.pem' };
    doc['opcuaServer'] = { port: await freePort(), securityModes: ['None'], allowAnonymous: true, certificate: { cert: 'secrets/gateway-cert.pem', key: 'secrets/gateway-key.pem' } };
    const file = writeConfig(tmp.dir, doc);
    gw = await startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'gateway', 'run', '--config', file], /"event":"opcua\.started","url":"opc\.tcp:\/\/127\.0\.0\.1:(\d+)"/, 60_000);
    const started = JSON.parse(gw.output().split('\n').find((l) => l.includes('"broker.started"'))!) as { url: string; loginFile: string };
    // The edge node itself publishes over the TLS listener, having checked it against the CA.
    expect(started.url).toBe(`mqtts://127.0.0.1:${tlsPort}`);
    tlsUrl = started.url;
    login = JSON.parse(readFileSync(started.loginFile, 'utf8')) as typeof login;
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  it('a subscriber over mqtts:// with ca.pem sees NBIRTH', async () => {
    const rec = await SparkplugRecorder.start({ url: tlsUrl, port: 0, login: { ...login, ca: readFileSync(certs.caFile, 'utf8') } as typeof login, stop: async () => undefined, restart: async () => undefined });
    try {
      // Subscribed after the births, so ask for them again, as a host application does.
      const NAME = Buffer.from('Node Control/Rebirth');
      await rec.publish('spBv1.0/G/NCMD/N', Buffer.concat([Buffer.from([0x12, 2 + NAME.length + 4, 0x0a, NAME.length]), NAME, Buffer.from([0x20, 0x0b, 0x70, 0x01])]));
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/NBIRTH/N'), 'NBIRTH over TLS');
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/N/Pump' && x.payload.metrics.some((y) => y.name === 'level' && y.value === 1500n)), 'the Pump birth with its level');
    } finally {
      await rec.close();
    }
  });

  it('a client without the CA is refused: the certificate does not chain to anything it trusts', async () => {
    const err = await mqtt.connectAsync(tlsUrl, { ...login, reconnectPeriod: 0, connectTimeout: 10_000 }).then(
      async (c) => {
        await c.endAsync(true);
        return null;
      },
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(err?.code).toMatch(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    // A client that trusts another gateway's CA is refused as well.
    const other = issueGatewayCertificates(path.join(tmp.dir, 'other'), { name: 'other gateway' });
    const err2 = await mqtt.connectAsync(tlsUrl, { ...login, ca: readFileSync(other.caFile, 'utf8'), reconnectPeriod: 0, connectTimeout: 10_000 }).then(
      async (c) => {
        await c.endAsync(true);
        return null;
      },
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(err2?.code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
  });

  it('the OPC UA server presents the gateway certificate in GetEndpoints', async () => {
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'client-pki'), automaticallyAcceptUnknownCertificate: true });
    const client = OPCUAClient.create({ applicationName: 'gateway certs test', clientCertificateManager, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 2 } });
    try {
      await client.connect(`opc.tcp://127.0.0.1:${gw.port}`);
      const endpoints = await client.getEndpoints();
      expect(endpoints.length).toBeGreaterThan(0);
      const expected = sha1(derOf(readFileSync(certs.certFile, 'utf8')));
      for (const e of endpoints) expect(sha1(e.serverCertificate!)).toBe(expected);
      expect(expected).toBe(certs.thumbprint);
    } finally {
      await client.disconnect();
    }
  });
});
