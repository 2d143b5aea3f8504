import type { RequestOutput } from '../../../../shared/contract';

export type Identity = RequestOutput<'devices.identify'>;
export type IdentifyState = { kind: 'busy' } | { kind: 'ok'; identity: Identity } | { kind: 'error'; message: string };

/** The answer to Identify (Modbus FC 43/14, the CIP Identity object), under the device's row. */
export function IdentifyRow({ state, what, colSpan, onClose }: { state: IdentifyState; what: string; colSpan: number; onClose: () => void }) {
  return (
    <tr className="subrow identify-row" data-testid="identify-row">
      <td colSpan={colSpan}>
        <span className="identify-line">
          <span className="strong">{what.charAt(0).toUpperCase() + what.slice(1)}:</span>
          {state.kind === 'busy' ? <span className="muted">asking the device…</span> : null}
          {state.kind === 'error' ? (
            <span className="q-bad" role="alert" data-testid="identify-error">
              {state.message}
            </span>
          ) : null}
          {state.kind === 'ok' ? (
            <span data-testid="identify-result">
              vendor <b>{state.identity.vendorName ?? '—'}</b> · product <b>{state.identity.productCode ?? '—'}</b> · revision{' '}
              <b>{state.identity.revision ?? '—'}</b>
              {Object.keys(state.identity.objects).length > 3 ? (
                <span className="muted">
                  {' '}
                  ·{' '}
                  {Object.entries(state.identity.objects)
                    .filter(([k]) => !['0x00', '0x01', '0x02'].includes(k))
                    .map(([k, v]) => `${k} ${v}`)
                    .join(' · ')}
                </span>
              ) : null}
            </span>
          ) : null}
          <button type="button" className="quiet" onClick={onClose}>
            Hide
          </button>
        </span>
      </td>
    </tr>
  );
}
