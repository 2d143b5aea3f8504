import type { CipIdentityCard } from '../../../../shared/contract';

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
const STATES: Record<number, string> = { 0: 'nonexistent', 1: 'self-testing', 2: 'standby', 3: 'operational', 4: 'major recoverable fault', 5: 'major unrecoverable fault', 255: 'not reported' };

/** What the device said of itself in its List Identity reply. */
export function IdentityCard({ identity: d }: { identity: CipIdentityCard }) {
  const rows: [string, string, string][] = [
    ['Product', d.productName, 'product'],
    ['Vendor', `${d.vendor} (${d.vendorId})`, 'vendor'],
    ['Device type', `${d.deviceTypeName} (${hex4(d.deviceType)})`, 'device-type'],
    ['Product code', String(d.productCode), 'product-code'],
    ['Revision', d.revision, 'revision'],
    ['Serial number', d.serialNumber, 'serial'],
    ['Status', `${hex4(d.status)} · state ${STATES[d.state] ?? d.state}`, 'status'],
    ['Address', `${d.ip}:${d.port}${d.from !== `${d.ip}:${d.port}` ? ` (answered from ${d.from})` : ''}`, 'ip'],
  ];
  return (
    <dl className="cip-identity" data-testid="cip-identity">
      {rows.map(([label, value, id]) => (
        <div key={id} className="cip-identity-item">
          <dt>{label}</dt>
          <dd className={id === 'product' ? 'strong' : 'mono'} data-testid={`cip-identity-${id}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
