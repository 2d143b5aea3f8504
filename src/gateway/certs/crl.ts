import { sign, type KeyObject } from 'node:crypto';
import { bits, explicit, implicit, seq, time, uint } from './der';
import { ext, keyId, name, pem, SHA256_WITH_RSA } from './x509';

export interface CrlSpec {
  issuer: { subject: { commonName: string; organization: string }; privateKey: KeyObject; publicKey: KeyObject };
  thisUpdate: Date;
  nextUpdate: Date;
}

/**
 * An empty X.509 v2 certificate revocation list signed by the CA (RFC 5280 5.1: AuthorityKeyIdentifier and CRLNumber
 * 1), as PEM. OPC UA clients check revocation against the issuer's CRL and refuse a certificate whose CA has none
 * (BadCertificateRevocationUnknown), so the CA is handed out with it. The CA key is dropped after issuing, so no later
 * CRL can be signed: the list runs to the CA's expiry, and revoking means issuing a new CA.
 */
export function buildEmptyCrl(s: CrlSpec): string {
  const tbs = seq(
    uint(1),
    SHA256_WITH_RSA,
    name(s.issuer.subject),
    time(s.thisUpdate),
    time(s.nextUpdate),
    explicit(0, seq(ext('2.5.29.35', false, seq(implicit(0, keyId(s.issuer.publicKey)))), ext('2.5.29.20', false, uint(1)))),
  );
  return pem('X509 CRL', seq(tbs, SHA256_WITH_RSA, bits(sign('sha256', tbs, s.issuer.privateKey))));
}
