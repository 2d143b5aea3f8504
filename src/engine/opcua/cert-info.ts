import { X509Certificate } from 'node:crypto';

/** What an operator needs to decide whether to trust a certificate. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** SHA-1 of the DER, lowercase hex without separators (how node-opcua names its files and UaExpert shows it). */
  thumbprint: string;
  notBefore: string;
  notAfter: string;
  /** The URI in the subject alternative name: the application's identity in OPC UA. */
  applicationUri: string | null;
  selfSigned: boolean;
}

/** "CN=x, O=y" from the multi-line form node:crypto gives. */
function distinguishedName(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reverse()
    .join(', ');
}

/** Parse a certificate (DER or PEM). Throws on anything that is not one. */
export function certificateInfo(data: Buffer | string): CertificateInfo {
  const x = new X509Certificate(data);
  const uri = /(?:^|,\s*)URI:([^,]+)/.exec(x.subjectAltName ?? '');
  return {
    subject: distinguishedName(x.subject),
    issuer: distinguishedName(x.issuer),
    thumbprint: x.fingerprint.replace(/:/g, '').toLowerCase(),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    applicationUri: uri ? uri[1]!.trim() : null,
    selfSigned: x.subject === x.issuer,
  };
}

/** The DER bytes of a certificate given as DER or PEM. */
export function certificateDer(data: Buffer | string): Buffer {
  return Buffer.from(new X509Certificate(data).raw);
}

/** A thumbprint as typed (any case, with or without colons or spaces) in the form certificateInfo gives. */
export function normalizeThumbprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

/** Why a certificate is not valid now, or null. */
export function validityProblem(info: CertificateInfo, now = new Date()): 'expired' | 'not yet valid' | null {
  if (now > new Date(info.notAfter)) return 'expired';
  if (now < new Date(info.notBefore)) return 'not yet valid';
  return null;
}
