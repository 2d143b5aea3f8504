import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import { GATEWAY_SERVER_URI } from '../opcua-server';
import { buildEmptyCrl } from './crl';
import { buildCertificate, KeyUsage } from './x509';

export const CA_FILE = 'ca.pem';
export const CERT_FILE = 'gateway-cert.pem';
export const KEY_FILE = 'gateway-key.pem';
/** The CA's (empty) revocation list, which OPC UA clients ask for beside the CA. */
export const CRL_FILE = 'ca-crl.pem';

export interface IssueOptions {
  /** The gateway's name: the certificates' common names. */
  name: string;
  /** Host names and IP addresses the gateway is reached at, beside localhost and 127.0.0.1. */
  hosts?: readonly string[];
  /** Days both certificates are valid for (default 825). */
  days?: number;
}

export interface IssuedCertificates {
  caFile: string;
  crlFile: string;
  certFile: string;
  keyFile: string;
  /** SHA-1 of the gateway certificate's DER, lower-case hex: what OPC UA calls its thumbprint. */
  thumbprint: string;
}

const DAY = 86_400_000;
const wildcard = new Set(['0.0.0.0', '::']);

/**
 * A CA of the gateway's own (self-signed, CA:true, keyCertSign) and a gateway certificate it signs (serverAuth and
 * clientAuth; SANs localhost, 127.0.0.1, the hosts given and the gateway's OPC UA application URI), written to `dir`:
 * ca.pem, its empty revocation list ca-crl.pem and gateway-cert.pem (0644, public), gateway-key.pem (0600). RSA 2048 and SHA-256, made with node:crypto
 * alone (no OpenSSL, nothing native). The CA's private key is never written: nothing on the edge needs it once the
 * gateway certificate is signed, and a CA key left in a bundle would let whoever copies the bundle mint certificates
 * every client of this gateway trusts. Re-issuing makes a new CA, which the clients then trust instead.
 */
export function issueGatewayCertificates(dir: string, opts: IssueOptions): IssuedCertificates {
  const days = opts.days ?? 825;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new FieldbenchError('invalid_input', `certificate validity must be 1 to 3650 days, not ${days}`);
  const hosts = (opts.hosts ?? []).map((h) => h.trim()).filter((h) => h && !wildcard.has(h));
  const ips = [...new Set(['127.0.0.1', ...hosts.filter((h) => isIP(h) !== 0)])];
  const dns = [...new Set(['localhost', ...hosts.filter((h) => isIP(h) === 0)])];
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca = rsa();
  const leaf = rsa();
  const now = Date.now();
  const notBefore = new Date(now - DAY);
  const notAfter = new Date(now + days * DAY);
  const caSubject = { commonName: `${opts.name} CA`.slice(0, 64), organization: 'Fieldbench' };
  const caPem = buildCertificate({ subject: caSubject, publicKey: ca.publicKey, privateKey: ca.privateKey, notBefore, notAfter, ca: true, keyUsage: [KeyUsage.keyCertSign, KeyUsage.cRLSign] });
  const certPem = buildCertificate({
    subject: { commonName: opts.name.slice(0, 64), organization: 'Fieldbench' },
    issuer: { subject: caSubject, privateKey: ca.privateKey, publicKey: ca.publicKey },
    publicKey: leaf.publicKey,
    notBefore,
    notAfter,
    ca: false,
    // OPC UA application certificates need all four (Part 6, 6.2.2); TLS servers and clients use the first and third.
    keyUsage: [KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment, KeyUsage.dataEncipherment],
    tlsUsage: true,
    dns,
    ips,
    uris: [GATEWAY_SERVER_URI],
  });
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, CA_FILE);
  const crlFile = path.join(dir, CRL_FILE);
  writeFileSync(crlFile, buildEmptyCrl({ issuer: { subject: caSubject, privateKey: ca.privateKey, publicKey: ca.publicKey }, thisUpdate: notBefore, nextUpdate: notAfter }), { mode: 0o644 });
  const certFile = path.join(dir, CERT_FILE);
  const keyFile = path.join(dir, KEY_FILE);
  writeFileSync(caFile, caPem, { mode: 0o644 });
  writeFileSync(certFile, certPem, { mode: 0o644 });
  writeFileSync(keyFile, leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return { caFile, crlFile, certFile, keyFile, thumbprint: createHash('sha1').update(der).digest('hex') };
}
