import { useOpcUa } from '../../store/opcua';
import { CertificateCard, groupedThumbprint } from './CertificateCard';

/** A server certificate Fieldbench refused: its details, and Trust (then the refused step runs again) or Reject. */
export function CertificatePrompt() {
  const p = useOpcUa((s) => s.certProblem);
  const trust = useOpcUa((s) => s.trust);
  const reject = useOpcUa((s) => s.reject);
  const dismiss = useOpcUa((s) => s.dismissCertProblem);
  if (!p) return null;
  return (
    <section className="panel cert-prompt" data-testid="opcua-cert-prompt" role="alertdialog" aria-labelledby="cert-prompt-title">
      <h2 className="panel-title" id="cert-prompt-title">
        The server&apos;s certificate is not trusted
      </h2>
      <p className="small">
        Fieldbench refuses servers it does not know. Compare the thumbprint with the one the server&apos;s administrator gives you (or its own configuration screen) before trusting it.
      </p>
      {p.certificate ? <CertificateCard c={p.certificate} testId="opcua-cert-prompt-card" /> : <p className="mono small">thumbprint {groupedThumbprint(p.thumbprint)}</p>}
      <div className="cert-actions">
        <button type="button" className="primary" data-testid="opcua-cert-trust" onClick={() => void trust(p.thumbprint)} autoFocus>
          Trust{p.retry ? ' and continue' : ''}
        </button>
        <button type="button" data-testid="opcua-cert-reject" onClick={() => void reject(p.thumbprint)}>
          Reject
        </button>
        <button type="button" className="quiet" onClick={dismiss}>
          Not now
        </button>
      </div>
    </section>
  );
}
