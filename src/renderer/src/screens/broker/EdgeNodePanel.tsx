import type { EdgeStatus } from '../../../../shared/contract/sparkplug';
import { useBroker } from '../../store/broker';
import { useSparkplug } from '../../store/sparkplug';
import { EdgeNodeForm } from './EdgeNodeForm';
import { PendingCommands } from './PendingCommands';

const STATE_TEXT: Record<EdgeStatus['state'], string> = {
  stopped: 'Stopped',
  connecting: 'Connecting',
  'waiting-host': 'Waiting for the primary host',
  birthing: 'Sending births',
  replaying: 'Replaying stored data',
  online: 'Online',
  offline: 'Offline — storing',
};

/** The app's Sparkplug edge node: its settings and Start, or its state, counters and store-and-forward queue. */
export function EdgeNodePanel() {
  const status = useSparkplug((s) => s.status);
  const settings = useSparkplug((s) => s.settings);
  const busy = useSparkplug((s) => s.busy);
  const stop = useSparkplug((s) => s.stopEdge);
  const brokerRunning = useBroker((s) => s.status?.running === true);
  const e = status?.edge;
  const running = e !== undefined && e.state !== 'stopped';
  const tone = !e || e.state === 'stopped' ? 'off' : e.state === 'online' ? 'on' : 'warn';
  return (
    <section className="panel edge-panel" data-testid="edge-panel">
      <div className="panel-title-row">
        <h2 className="panel-title">Sparkplug edge node</h2>
        <span className={`broker-state ${tone}`} data-testid="edge-state" data-state={e?.state ?? 'stopped'}>
          {e ? STATE_TEXT[e.state] : '…'}
        </span>
        {running ? (
          <button type="button" className="danger push-right" disabled={busy} onClick={() => void stop()} data-testid="edge-stop" title="Publishes NDEATH, then disconnects">
            Stop edge node
          </button>
        ) : null}
      </div>
      {running && e ? (
        <>
          <dl className="edge-facts">
            <dt>Publishing</dt>
            <dd>
              <code>
                spBv1.0/{e.group}/…/{e.node}
              </code>{' '}
              to <code data-testid="edge-url-shown">{e.url}</code>
            </dd>
            <dt>Devices</dt>
            <dd>
              {e.devices} device{e.devices === 1 ? '' : 's'} · {e.metrics} metric{e.metrics === 1 ? '' : 's'}
            </dd>
            <dt>bdSeq</dt>
            <dd data-testid="edge-bdseq">{e.bdSeq ?? '—'}</dd>
            <dt>Births sent</dt>
            <dd data-testid="edge-births">{e.births}</dd>
            <dt>Published</dt>
            <dd data-testid="edge-published">{e.published} messages</dd>
            <dt>Stored</dt>
            <dd data-testid="edge-queue" data-depth={e.queueDepth}>
              {e.queueDepth} waiting · {e.stored} stored · {e.replayed} replayed
            </dd>
            {e.lastError ? (
              <>
                <dt>Last error</dt>
                <dd className="bad" data-testid="edge-error">
                  {e.lastError}
                </dd>
              </>
            ) : null}
          </dl>
          <PendingCommands />
        </>
      ) : settings ? (
        <EdgeNodeForm saved={settings.edge} brokerRunning={brokerRunning} />
      ) : null}
      {e?.log.length ? (
        <details className="edge-log">
          <summary>Log ({e.log.length})</summary>
          <pre data-testid="edge-log">{e.log.join('\n')}</pre>
        </details>
      ) : null}
    </section>
  );
}
