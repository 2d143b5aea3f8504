import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCertificates } from '../../src/gateway/certs/bundle-certificates';
import { issueGatewayCertificates, type IssuedCertificates } from '../../src/gateway/certs/issue';
import { checkConfig } from '../../src/gateway/load-config';
import type { GatewayConfigInput } from '../../src/shared/gateway/config';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag } from '../helpers/gateway-runtime-config';

/** openssl from the system: the tests' own reader of what was issued. */
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
const text = (file: string) => openssl('x509', '-in', file, '-noout', '-text');

describe('issueGatewayCertificates, read back by openssl', () => {
  const tmp = tempDir('fieldbench-gwcerts-');
  let issued: IssuedCertificates;
  beforeAll(() => {
    issued = issueGatewayCertificates(path.join(tmp.dir, 'a'), { name: 'Line 1 gateway', hosts: ['edge-7.plant.example', '192.0.2.10', '0.0.0.0'], days: 30 });
  });
  afterAll(() => tmp.cleanup());

  it('a CA and a gateway certificate it signed: openssl verify passes, and fails against another CA', () => {
    expect(openssl('verify', '-CAfile', issued.caFile, issued.certFile).trim()).toBe(`${issued.certFile}: OK`);
    const other = issueGatewayCertificates(path.join(tmp.dir, 'b'), { name: 'other' });
    const r = spawnSync('openssl', ['verify', '-CAfile', other.caFile, issued.certFile], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/unable to get local issuer certificate/);
  });

  it('the CA\'s revocation list: signed by the CA, empty, valid until the CA expires, and CRL checking passes with it', () => {
    const crl = openssl('crl', '-in', issued.crlFile, '-CAfile', issued.caFile, '-noout', '-text');
    expect(crl).toMatch(/Issuer: O = Fieldbench, CN = Line 1 gateway CA/);
    expect(crl).toMatch(/No Revoked Certificates/);
    expect(crl).toMatch(/X509v3 CRL Number:\s+1/);
    const nextUpdate = /Next Update: (.+)/.exec(crl)![1]!;
    const caEnd = /Not After : (.+)/.exec(text(issued.caFile))![1]!;
    expect(new Date(nextUpdate).getTime()).toBe(new Date(caEnd).getTime());
    // -crl_check refuses a chain whose CA has no CRL; with this one, the gateway certificate verifies.
    const bundle = path.join(tmp.dir, 'ca-and-crl.pem');
    writeFileSync(bundle, readFileSync(issued.caFile, 'utf8') + readFileSync(issued.crlFile, 'utf8'));
    expect(openssl('verify', '-crl_check', '-CAfile', bundle, issued.certFile).trim()).toBe(`${issued.certFile}: OK`);
    const without = spawnSync('openssl', ['verify', '-crl_check', '-CAfile', issued.caFile, issued.certFile], { encoding: 'utf8' });
    expect(without.status).not.toBe(0);
  });

  it('the CA: self-signed, CA:TRUE, Certificate Sign', () => {
    const ca = text(issued.caFile);
    expect(ca).toMatch(/Issuer: O = Fieldbench, CN = Line 1 gateway CA/);
    expect(ca).toMatch(/Subject: O = Fieldbench, CN = Line 1 gateway CA/);
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(ca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(openssl('verify', '-CAfile', issued.caFile, issued.caFile).trim()).toBe(`${issued.caFile}: OK`);
  });

  it('the gateway certificate: serverAuth + clientAuth, the SANs asked for (no wildcard address), CA:FALSE, 31 days from a day back', () => {
    const leaf = text(issued.certFile);
    expect(leaf).toMatch(/Issuer: O = Fieldbench, CN = Line 1 gateway CA/);
    expect(leaf).toMatch(/Subject: O = Fieldbench, CN = Line 1 gateway\n/);
    expect(leaf).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(leaf).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation, Key Encipherment, Data Encipherment/);
    expect(leaf).toMatch(/Extended Key Usage: \s+TLS Web Server Authentication, TLS Web Client Authentication/);
    const sans = /Subject Alternative Name: \s+(.*)/.exec(leaf)![1]!.split(', ');
    expect(sans.sort()).toEqual(['DNS:edge-7.plant.example', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:192.0.2.10', 'URI:urn:fieldbench:gateway']);
    const dates = openssl('x509', '-in', issued.certFile, '-noout', '-startdate', '-enddate');
    const [from, to] = [/notBefore=(.*)/, /notAfter=(.*)/].map((re) => Date.parse(re.exec(dates)![1]!));
    expect((to! - from!) / 86_400_000).toBe(31);
    // The issuer's key identifier is the CA's subject key identifier.
    const ski = /Subject Key Identifier: \s+(\S+)/.exec(text(issued.caFile))![1];
    expect(/Authority Key Identifier: \s+(?:keyid:)?(\S+)/.exec(leaf)![1]).toBe(ski);
  });

  it('the key file is the certificate key, 0600; the CA key is not written; the thumbprint is the SHA-1 of the DER', () => {
    expect(readdirSync(path.dirname(issued.caFile)).sort()).toEqual(['ca-crl.pem', 'ca.pem', 'gateway-cert.pem', 'gateway-key.pem']);
    expect(statSync(issued.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(issued.certFile).mode & 0o077).toBe(0o044);
    expect(openssl('pkey', '-in', issued.keyFile, '-pubout')).toBe(openssl('x509', '-in', issued.certFile, '-noout', '-pubkey'));
    const fp = /Fingerprint=(\S+)/.exec(openssl('x509', '-in', issued.certFile, '-noout', '-fingerprint', '-sha1'))![1]!;
    expect(issued.thumbprint).toBe(fp.replace(/:/g, '').toLowerCase());
  });

  it('a validity beyond 3650 days is refused', () => {
    expect(() => issueGatewayCertificates(path.join(tmp.dir, 'c'), { name: 'x', days: 5000 })).toThrow(/1 to 3650 days/);
    expect(existsSync(path.join(tmp.dir, 'c'))).toBe(false);
  });
});

describe('bundleCertificates: the certificates into secrets/ and their paths into gateway.json', () => {
  const tmp = tempDir('fieldbench-gwbcerts-');
  afterAll(() => tmp.cleanup());
  const doc = () => {
    const d = gatewayDoc(1502, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16')] }]);
    d['opcuaServer'] = { port: 4840, host: '192.0.2.20', allowNetwork: true, allowAnonymous: true };
    return d as unknown as GatewayConfigInput;
  };

  it('names them for the OPC UA server and, when asked, the embedded broker; the result passes gateway check', () => {
    const input = doc();
    const before = JSON.stringify(input);
    const out = bundleCertificates(tmp.dir, input, { brokerTlsPort: 8883 });
    expect(JSON.stringify(input)).toBe(before);
    expect(out.opcuaServer?.certificate).toEqual({ cert: 'secrets/gateway-cert.pem', key: 'secrets/gateway-key.pem' });
    expect(out.northbound.broker).toEqual({ kind: 'embedded', port: 0, tls: { port: 8883, cert: 'secrets/gateway-cert.pem', key: 'secrets/gateway-key.pem', ca: 'secrets/ca.pem' } });
    expect(checkConfig(out, tmp.dir).issues).toEqual([]);
    expect(openssl('verify', '-CAfile', path.join(tmp.dir, 'secrets/ca.pem'), path.join(tmp.dir, 'secrets/gateway-cert.pem'))).toMatch(/: OK/);
    expect(text(path.join(tmp.dir, 'secrets/gateway-cert.pem'))).toMatch(/IP Address:192\.0\.2\.20/);
    expect(statSync(path.join(tmp.dir, 'secrets/gateway-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('without brokerTlsPort the broker is left as it was; a certificate file that is missing is a problem at its path', () => {
    const dir = path.join(tmp.dir, 'b2');
    const out = bundleCertificates(dir, doc());
    expect(out.northbound.broker).toEqual({ kind: 'embedded', port: 0 });
    expect(checkConfig(out, path.join(tmp.dir, 'elsewhere')).issues.map((i) => i.path).sort()).toEqual(['opcuaServer.certificate.cert', 'opcuaServer.certificate.key']);
  });
});
