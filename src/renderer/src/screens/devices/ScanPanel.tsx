import { useState } from 'react';
import { useScan } from '../../store/scan';
import { ScanForm, type ScanKind } from './ScanForm';
import { ScanResults } from './ScanResults';

const STATE_TEXT = { running: 'Scanning', done: 'Done', cancelled: 'Cancelled', failed: 'Failed' } as const;

/** "Find devices": scan a serial bus or typed TCP hosts, watch the progress, add what answered. */
export function ScanPanel() {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ScanKind>('tcp');
  const progress = useScan((s) => s.progress);
  const request = useScan((s) => s.request);
  const starting = useScan((s) => s.starting);
  const error = useScan((s) => s.error);
  const cancel = useScan((s) => s.cancel);
  const running = starting || progress?.state === 'running';
  const shown = open || running || !!progress;

  return (
    <section className="panel scan-panel" data-testid="scan-panel">
      <div className="panel-title-row">
        <h2 className="panel-title">Find devices</h2>
        {shown ? (
          <div className="segmented" role="radiogroup" aria-label="Scan kind">
            {(['tcp', 'rtu'] as const).map((k) => (
              <label key={k} className={`seg ${kind === k ? 'on' : ''}`}>
                <input type="radio" name="scan-kind" data-testid={`scan-kind-${k}`} checked={kind === k} disabled={running} onChange={() => setKind(k)} />
                {k === 'tcp' ? 'TCP hosts' : 'RTU bus (serial)'}
              </label>
            ))}
          </div>
        ) : (
          <button type="button" data-testid="scan-open" onClick={() => setOpen(true)}>
            Scan a bus or hosts…
          </button>
        )}
        <span className="muted">Probes each unit id with a harmless read of one holding register.</span>
      </div>
      {shown ? <ScanForm key={kind} kind={kind} running={running} /> : null}
      {error ? (
        <div className="form-error" role="alert" data-testid="scan-error">
          {error}
        </div>
      ) : null}
      {progress ? (
        <div className="scan-progress" data-testid="scan-progress" data-state={progress.state}>
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Scan progress" />
          <span className="mono" data-testid="scan-count">
            {progress.done}/{progress.total}
          </span>
          <span className={`scan-state scan-${progress.state}`}>{STATE_TEXT[progress.state]}</span>
          <span className="strong" data-testid="scan-found">
            {progress.found.length} found
          </span>
          {progress.state === 'running' ? (
            <button type="button" data-testid="scan-cancel" onClick={() => void cancel()}>
              Cancel
            </button>
          ) : null}
          <span className={`mono scan-current ${progress.state === 'failed' ? 'q-bad' : 'muted'}`} data-testid="scan-current">
            {progress.state === 'running' ? (progress.current ? `probing ${progress.current}` : 'starting…') : (progress.error ?? '')}
          </span>
        </div>
      ) : null}
      {progress ? <ScanResults found={progress.found} request={request} /> : null}
      {progress && progress.state !== 'running' && progress.found.length === 0 ? (
        <p className="empty" data-testid="scan-nothing">
          Nothing answered.{' '}
          {request?.kind === 'rtu' ? 'Check wiring, A/B polarity, termination, baud rate and parity, or widen the unit range.' : 'Check the host, the port and any firewall, or widen the unit range.'}
        </p>
      ) : null}
    </section>
  );
}
