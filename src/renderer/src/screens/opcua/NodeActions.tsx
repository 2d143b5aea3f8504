import { useCallback, useEffect, useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import { api } from '../../api';
import { errorText } from '../../store/notices';
import { formatClockMs } from '../../lib/format';
import { CallDialog } from './CallDialog';
import { NodeWriteDialog } from './NodeWriteDialog';

type ReadResult = RequestOutput<'opcua.read'>;
type Node = { nodeId: string; displayName: string; browseName: string; nodeClass: string; dataType: string | null; valueRank: number | null };

const QUALITY = { good: 'Good', uncertain: 'Uncertain', bad: 'Bad' } as const;
const clock = (iso: string | null) => (iso ? formatClockMs(Date.parse(iso)) : '—');
const valueText = (r: ReadResult) => (r.value === null ? '—' : Array.isArray(r.value) ? `[${r.value.join(', ')}]` : String(r.value));

/** Read now, Write… and Call… on the focused node: a write and a call go through the confirmed, audited write path. */
export function NodeActions({ deviceId, node }: { deviceId: string; node: Node }) {
  const [read, setRead] = useState<{ busy: boolean; result: ReadResult | null; error: string | null }>({ busy: false, result: null, error: null });
  const [dialog, setDialog] = useState<'write' | 'call' | null>(null);
  useEffect(() => setRead({ busy: false, result: null, error: null }), [node.nodeId]);
  const doRead = useCallback(async () => {
    setRead((r) => ({ ...r, busy: true }));
    try {
      setRead({ busy: false, result: await api().opcuaRead({ deviceId, nodeId: node.nodeId }), error: null });
    } catch (err) {
      setRead({ busy: false, result: null, error: errorText(err) });
    }
  }, [deviceId, node.nodeId]);
  const isVariable = node.nodeClass === 'Variable';
  const name = node.displayName || node.browseName;
  const r = read.result;
  return (
    <div className="node-actions">
      <div className="btn-row">
        {isVariable ? (
          <>
            <button type="button" data-testid="opcua-read" disabled={read.busy} onClick={() => void doRead()}>
              {read.busy ? 'Reading…' : 'Read'}
            </button>
            <button type="button" data-testid="opcua-write" onClick={() => setDialog('write')}>
              Write…
            </button>
          </>
        ) : null}
        {node.nodeClass === 'Method' ? (
          <button type="button" data-testid="opcua-call" onClick={() => setDialog('call')}>
            Call…
          </button>
        ) : null}
      </div>
      {r ? (
        <dl className="node-value" data-testid="opcua-read-result">
          <dt>Value</dt>
          <dd className="mono strong" data-testid="opcua-read-value">
            {valueText(r)} <span className="muted">{r.dataType ?? ''}</span>
          </dd>
          <dt>Quality</dt>
          <dd>
            <span className={`quality q-${r.quality.status}`} data-testid="opcua-read-quality">
              <span className="qmark" aria-hidden="true" />
              {QUALITY[r.quality.status]}
            </span>
            {r.statusCode !== 'Good' ? <span className="mono muted"> {r.statusCode}</span> : null}
          </dd>
          <dt>Source time</dt>
          <dd className="mono">{clock(r.sourceTimestamp)}</dd>
          <dt>Server time</dt>
          <dd className="mono">{clock(r.serverTimestamp)}</dd>
        </dl>
      ) : null}
      {read.error ? (
        <p className="form-error" role="alert">
          {read.error}
        </p>
      ) : null}
      {dialog === 'write' ? (
        <NodeWriteDialog
          deviceId={deviceId}
          nodeId={node.nodeId}
          name={name}
          dataType={node.dataType}
          array={(node.valueRank ?? -1) >= 0}
          current={r && r.value !== null ? (Array.isArray(r.value) ? JSON.stringify(r.value) : String(r.value)) : ''}
          onClose={(written) => {
            setDialog(null);
            if (written) void doRead();
          }}
        />
      ) : null}
      {dialog === 'call' ? <CallDialog deviceId={deviceId} methodId={node.nodeId} name={name} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
