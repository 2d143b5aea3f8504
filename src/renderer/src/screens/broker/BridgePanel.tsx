import { useEffect, useState } from 'react';
import type { BridgeStatus } from '../../../../shared/contract/sparkplug';
import { useBroker } from '../../store/broker';
import { useSparkplug } from '../../store/sparkplug';
import { BridgeForm } from './BridgeForm';

const STATE_TEXT: Record<BridgeStatus['state'], string> = { stopped: 'Stopped', connecting: 'Connecting', connected: 'Connected', reconnecting: 'Reconnecting' };

/** Seconds until `at`, ticking. */
function useCountdown(at: number | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The bridge to an upstream broker: its settings and Start, or its state, messages each way and last error. */
export function BridgePanel() {
  const b = useSparkplug((s) => s.status?.bridge);
  const saved = useSparkplug((s) => s.settings?.bridge ?? null);
  const loaded = useSparkplug((s) => s.settings !== null);
  const busy = useSparkplug((s) => s.busy);
  const stop = useSparkplug((s) => s.stopBridge);
  const brokerRunning = useBroker((s) => s.status?.running === true);
  const next = useCountdown(b?.nextAttemptAt ?? null);
  const running = b !== undefined && b.state !== 'stopped';
  const tone = !b || b.state === 'stopped' ? 'off' : b.state === 'connected' ? 'on' : 'warn';
  return (
    <section className="panel bridge-panel" data-testid="bridge-panel">
      <div className="panel-title-row">
        <h2 className="panel-title">Upstream bridge</h2>
        <span className={`broker-state ${tone}`} data-testid="bridge-state" data-state={b?.state ?? 'stopped'}>
          {b ? STATE_TEXT[b.state] : '…'}
          {b?.state === 'reconnecting' && next !== null ? ` — next attempt in ${next} s` : ''}
        </span>
        {running ? (
          <button type="button" className="danger push-right" disabled={busy} onClick={() => void stop()} data-testid="bridge-stop">
            Stop bridge
          </button>
        ) : null}
      </div>
      {running && b ? (
        <dl className="edge-facts">
          <dt>Upstream</dt>
          <dd>
            <code data-testid="bridge-remote-url">{b.remoteUrl}</code> ({b.remote})
          </dd>
          <dt>Embedded side</dt>
          <dd>{b.local}</dd>
          <dt>Messages</dt>
          <dd data-testid="bridge-counts">
            {b.forwardedOut} up · {b.forwardedIn} down
          </dd>
          {b.lastError ? (
            <>
              <dt>Last error</dt>
              <dd className="bad" data-testid="bridge-error">
                {b.lastError}
              </dd>
            </>
          ) : null}
        </dl>
      ) : loaded ? (
        <BridgeForm saved={saved} brokerRunning={brokerRunning} />
      ) : null}
    </section>
  );
}
