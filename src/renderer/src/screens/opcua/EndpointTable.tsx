import { useOpcUa } from '../../store/opcua';

const MODE_LABEL: Record<string, string> = { None: 'None', Sign: 'Sign', SignAndEncrypt: 'Sign & encrypt', Invalid: 'invalid' };
const TOKEN_ORDER = ['anonymous', 'username', 'certificate', 'issued'] as const;
const TOKEN_LABEL: Record<string, string> = { anonymous: 'anonymous', username: 'user name', certificate: 'X.509 certificate', issued: 'issued token' };
const TRUST_LABEL = { trusted: 'trusted', rejected: 'rejected', unknown: 'not yet trusted' } as const;

/** Every endpoint the server offers, one radio row each; arrow keys move the choice (native radio group). */
export function EndpointTable() {
  const endpoints = useOpcUa((s) => s.discovery?.endpoints ?? []);
  const chosen = useOpcUa((s) => s.chosen);
  const choose = useOpcUa((s) => s.choose);
  return (
    <table className="grid opcua-endpoints" data-testid="opcua-endpoints" role="radiogroup" aria-label="Endpoints">
      <thead>
        <tr>
          <th aria-label="Chosen" />
          <th>Security mode</th>
          <th>Policy</th>
          <th>Logins</th>
          <th className="num">Level</th>
          <th>Server certificate</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e, i) => (
          <tr
            key={`${e.securityMode}-${e.securityPolicy}-${i}`}
            className={`${chosen === i ? 'chosen' : ''} ${e.deprecated ? 'deprecated' : ''}`}
            data-testid="opcua-endpoint"
            data-mode={e.securityMode}
            data-policy={e.securityPolicy}
            onClick={() => choose(i)}
          >
            <td>
              <input type="radio" name="opcua-endpoint" aria-label={`${e.securityMode} ${e.securityPolicy}`} checked={chosen === i} onChange={() => choose(i)} data-testid={`opcua-endpoint-${i}`} />
            </td>
            <td>{MODE_LABEL[e.securityMode] ?? e.securityMode}</td>
            <td className="mono">
              {e.securityPolicy}
              {e.deprecated ? (
                <span className="tag-warn" data-testid="opcua-deprecated" title="Deprecated since OPC UA 1.04 (SHA-1, PKCS#1 v1.5): use Basic256Sha256 or newer">
                  deprecated
                </span>
              ) : null}
            </td>
            <td>{TOKEN_ORDER.filter((k) => e.userTokens.some((t) => t.type === k)).map((k) => TOKEN_LABEL[k]).join(', ') || '—'}</td>
            <td className="num mono">{e.securityLevel}</td>
            <td className="small">
              {e.securityMode === 'None' ? (
                <span className="muted">not used (no security)</span>
              ) : e.certificate ? (
                <span className={`trust trust-${e.trust}`} title={`${e.certificate.subject}\nthumbprint ${e.certificate.thumbprint}`}>
                  {TRUST_LABEL[e.trust]}
                </span>
              ) : (
                <span className="muted">none</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
