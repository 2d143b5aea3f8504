import type { CipIdentityCard } from '../../../../shared/contract';
import { useCip } from '../../store/cip';

/** The devices that answered a UDP List Identity; choosing one shows its identity and the form that adds it. */
export function FoundList({ devices }: { devices: CipIdentityCard[] }) {
  const pick = useCip((s) => s.pick);
  if (!devices.length) {
    return (
      <p className="empty" data-testid="cip-found-none">
        No device answered within 2 s.
      </p>
    );
  }
  return (
    <table className="grid cip-found" data-testid="cip-found">
      <thead>
        <tr>
          <th>Address</th>
          <th>Product</th>
          <th>Vendor</th>
          <th>Revision</th>
          <th>Serial</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={`${d.from}/${d.serialNumber}`} data-testid="cip-found-row" data-ip={d.ip}>
            <td className="mono">
              {d.ip}:{d.port}
            </td>
            <td className="strong">{d.productName}</td>
            <td>{d.vendor}</td>
            <td className="mono">{d.revision}</td>
            <td className="mono">{d.serialNumber}</td>
            <td>
              <button type="button" data-testid="cip-found-use" onClick={() => pick(d)}>
                Use
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
