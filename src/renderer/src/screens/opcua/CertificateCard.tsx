import type { OpcUaCertificate } from '../../../../shared/contract';

/** "a1b2 c3d4 …": a thumbprint in groups of four, as it is read aloud and compared. */
export function groupedThumbprint(t: string): string {
  return t.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Why a certificate is not valid now, or null. */
export function validityNote(c: OpcUaCertificate, now = Date.now()): string | null {
  if (now > Date.parse(c.notAfter)) return 'expired';
  if (now < Date.parse(c.notBefore)) return 'not yet valid';
  return null;
}

/** What an operator checks before trusting a certificate: subject, issuer, thumbprint, validity, application URI. */
export function CertificateCard({ c, testId }: { c: OpcUaCertificate; testId: string }) {
  const problem = validityNote(c);
  return (
    <dl className="cert-card" data-testid={testId} data-thumbprint={c.thumbprint}>
      <dt>Subject</dt>
      <dd data-testid={`${testId}-subject`}>{c.subject || '—'}</dd>
      <dt>Issuer</dt>
      <dd>
        {c.issuer || '—'}
        {c.selfSigned ? <span className="muted"> (self-signed)</span> : null}
      </dd>
      <dt>Thumbprint</dt>
      <dd className="mono" data-testid={`${testId}-thumbprint`}>
        {groupedThumbprint(c.thumbprint)}
      </dd>
      <dt>Valid</dt>
      <dd>
        {c.notBefore.slice(0, 10)} to {c.notAfter.slice(0, 10)}
        {problem ? <span className="tag-bad"> {problem}</span> : null}
      </dd>
      <dt>Application URI</dt>
      <dd className="mono">{c.applicationUri ?? <span className="muted">none</span>}</dd>
    </dl>
  );
}
