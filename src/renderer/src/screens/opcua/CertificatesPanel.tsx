import { useState } from 'react';
import type { OpcUaCertificate } from '../../../../shared/contract';
import { useOpcUa } from '../../store/opcua';
import { CertificateCard, validityNote } from './CertificateCard';

function CertRows({ list, kind }: { list: OpcUaCertificate[]; kind: 'trusted' | 'rejected' }) {
  const trust = useOpcUa((s) => s.trust);
  const reject = useOpcUa((s) => s.reject);
  const [open, setOpen] = useState<string | null>(null);
  if (!list.length) return <p className="empty small">{kind === 'trusted' ? 'No trusted servers yet.' : 'No rejected certificates.'}</p>;
  return (
    <table className="grid cert-table" data-testid={`opcua-certs-${kind}`}>
      <thead>
        <tr>
          <th>Subject</th>
          <th>Application URI</th>
          <th>Valid to</th>
          <th>Thumbprint</th>
          <th className="actions-col" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <CertRow key={c.thumbprint} c={c} open={open === c.thumbprint} onToggle={() => setOpen((o) => (o === c.thumbprint ? null : c.thumbprint))}>
            {kind === 'trusted' ? (
              <button type="button" data-testid="opcua-cert-move-reject" onClick={() => void reject(c.thumbprint)}>
                Reject
              </button>
            ) : (
              <button type="button" data-testid="opcua-cert-move-trust" onClick={() => void trust(c.thumbprint)}>
                Trust
              </button>
            )}
          </CertRow>
        ))}
      </tbody>
    </table>
  );
}

function CertRow({ c, open, onToggle, children }: { c: OpcUaCertificate; open: boolean; onToggle: () => void; children: React.ReactNode }) {
  const problem = validityNote(c);
  return (
    <>
      <tr data-testid="opcua-cert-row" data-thumbprint={c.thumbprint}>
        <td>
          <button type="button" className="link-btn" aria-expanded={open} onClick={onToggle} title="Show the whole certificate">
            {c.subject || c.thumbprint}
          </button>
        </td>
        <td className="mono small">{c.applicationUri ?? '—'}</td>
        <td className="mono small">
          {c.notAfter.slice(0, 10)}
          {problem ? <span className="tag-bad"> {problem}</span> : null}
        </td>
        <td className="mono small">{c.thumbprint.slice(0, 16)}…</td>
        <td className="actions">{children}</td>
      </tr>
      {open ? (
        <tr className="subrow">
          <td colSpan={5}>
            <CertificateCard c={c} testId="opcua-cert-detail" />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The certificate store: trusted and rejected server certificates, moved between the lists; Fieldbench's own below. */
export function CertificatesPanel() {
  const lists = useOpcUa((s) => s.certificates);
  const refresh = useOpcUa((s) => s.refreshCertificates);
  return (
    <section className="panel" data-testid="opcua-certs">
      <div className="panel-title-row">
        <h2 className="panel-title">Certificates</h2>
        <button type="button" className="quiet" onClick={() => void refresh()} data-testid="opcua-certs-refresh">
          Refresh
        </button>
      </div>
      {lists ? (
        <div className="cert-lists">
          <div>
            <h3 className="cert-list-title">Trusted servers ({lists.trusted.length})</h3>
            <CertRows list={lists.trusted} kind="trusted" />
          </div>
          <div>
            <h3 className="cert-list-title">Rejected ({lists.rejected.length})</h3>
            <CertRows list={lists.rejected} kind="rejected" />
          </div>
          <p className="muted small">
            Fieldbench&apos;s own certificate (give it to a server that must trust Fieldbench): <span className="mono">{lists.own.subject}</span>, thumbprint{' '}
            <span className="mono">{lists.own.thumbprint}</span>, application URI <span className="mono">{lists.own.applicationUri}</span>.
          </p>
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
