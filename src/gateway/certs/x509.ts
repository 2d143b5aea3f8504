import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { bits, bool, explicit, implicit, namedBits, nul, octets, oid, seq, set, time, uint, utf8 } from './der';

/** KeyUsage bits (RFC 5280 4.2.1.3). */
export const KeyUsage = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyCertSign: 5, cRLSign: 6 } as const;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), nul());

export interface CertificateSpec {
  subject: { commonName: string; organization: string };
  /** The issuer's subject and key; absent: self-signed with the subject's own key. */
  issuer?: { subject: { commonName: string; organization: string }; privateKey: KeyObject; publicKey: KeyObject };
  publicKey: KeyObject;
  /** The signing key when self-signed. */
  privateKey?: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  keyUsage: number[];
  /** serverAuth + clientAuth when true (end-entity certificates). */
  tlsUsage?: boolean;
  /** Subject alternative names: DNS names, IP addresses (v4 or v6) and URIs. */
  dns?: string[];
  ips?: string[];
  uris?: string[];
}

export const name = (n: { commonName: string; organization: string }) =>
  seq(set(seq(oid('2.5.4.10'), utf8(n.organization))), set(seq(oid('2.5.4.3'), utf8(n.commonName))));

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
/** Key identifier: SHA-1 of the SubjectPublicKeyInfo (RFC 7093 allows any consistent method). */
export const keyId = (k: KeyObject) => createHash('sha1').update(spki(k)).digest();
export const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

const ipBytes = (ip: string): Buffer => {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
};

/** An X.509 v3 certificate, signed with SHA-256 and RSA, as PEM. */
export function buildCertificate(s: CertificateSpec): string {
  const signer = s.issuer?.privateKey ?? s.privateKey;
  if (!signer) throw new Error('a self-signed certificate needs its private key');
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const sans = [...(s.dns ?? []).map((d) => implicit(2, Buffer.from(d, 'ascii'))), ...(s.ips ?? []).map((ip) => implicit(7, ipBytes(ip))), ...(s.uris ?? []).map((u) => implicit(6, Buffer.from(u, 'ascii')))];
  const extensions = [
    ext('2.5.29.19', true, s.ca ? seq(bool(true), uint(0)) : seq()),
    ext('2.5.29.15', true, namedBits(s.keyUsage)),
    ...(s.tlsUsage ? [ext('2.5.29.37', false, seq(oid(SERVER_AUTH), oid(CLIENT_AUTH)))] : []),
    ...(sans.length ? [ext('2.5.29.17', false, seq(...sans))] : []),
    ext('2.5.29.14', false, octets(keyId(s.publicKey))),
    ext('2.5.29.35', false, seq(implicit(0, keyId(s.issuer?.publicKey ?? s.publicKey)))),
  ];
  const tbs = seq(
    explicit(0, uint(2)),
    uint(serial),
    SHA256_WITH_RSA,
    name(s.issuer?.subject ?? s.subject),
    seq(time(s.notBefore), time(s.notAfter)),
    name(s.subject),
    spki(s.publicKey),
    explicit(3, seq(...extensions)),
  );
  return pem('CERTIFICATE', seq(tbs, SHA256_WITH_RSA, bits(sign('sha256', tbs, signer))));
}

/** DER as PEM with the given label, 64 characters a line. */
export const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
