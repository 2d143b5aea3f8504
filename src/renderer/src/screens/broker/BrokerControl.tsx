import { useState } from 'react';
import { useBroker } from '../../store/broker';
import { reportError, reportInfo } from '../../store/notices';

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    reportInfo(`${what} copied`);
  } catch (err) {
    reportError(`Could not copy the ${what.toLowerCase()}`, err);
  }
}

/** Start and stop the broker; its listener, its login (the password once), clients and message rate. */
export function BrokerControl() {
  const status = useBroker((s) => s.status);
  const busy = useBroker((s) => s.busy);
  const credentials = useBroker((s) => s.credentials);
  const start = useBroker((s) => s.start);
  const stop = useBroker((s) => s.stop);
  const dismiss = useBroker((s) => s.dismissPassword);
  const [port, setPort] = useState('1883');
  const [ws, setWs] = useState(false);
  const [wsPort, setWsPort] = useState('8083');
  const [wsNetwork, setWsNetwork] = useState(false);
  const running = status?.running === true;
  const portNumber = /^\d{1,5}$/.test(port.trim()) && Number(port) <= 65535 ? Number(port) : null;
  const wsPortNumber = /^\d{1,5}$/.test(wsPort.trim()) && Number(wsPort) <= 65535 ? Number(wsPort) : null;
  const listener = status?.listeners[0];
  const wsListener = status?.listeners.find((l) => l.websocket);
  const canStart = portNumber !== null && (!ws || wsPortNumber !== null);

  return (
    <section className="panel broker-control" data-testid="broker-control" data-running={running}>
      <div className="panel-title-row">
        <h2 className="panel-title">Embedded broker</h2>
        <span className={`broker-state ${running ? 'on' : 'off'}`} data-testid="broker-state">
          {status === null ? '…' : running ? 'Running' : 'Stopped'}
        </span>
        {running ? (
          <button type="button" className="danger push-right" disabled={busy} onClick={() => void stop()} data-testid="broker-stop">
            Stop broker
          </button>
        ) : (
          <span className="push-right broker-start">
            <label className="inline-field">
              Port{' '}
              <input className="w-port mono" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-invalid={portNumber === null} data-testid="broker-port" title="0 picks a free port" />
            </label>
            <label className="check" title="MQTT over WebSocket (ws://), for browser clients">
              <input type="checkbox" checked={ws} onChange={(e) => setWs(e.target.checked)} data-testid="broker-ws" /> WebSocket
            </label>
            {ws ? (
              <>
                <input className="w-port mono" value={wsPort} onChange={(e) => setWsPort(e.target.value)} inputMode="numeric" aria-label="WebSocket port" aria-invalid={wsPortNumber === null} data-testid="broker-ws-port" />
                <label className="check" title="Listen on every network interface instead of this computer only">
                  <input type="checkbox" checked={wsNetwork} onChange={(e) => setWsNetwork(e.target.checked)} data-testid="broker-ws-network" /> from the network
                </label>
              </>
            ) : null}
            <button
              type="button"
              className="primary"
              disabled={busy || !canStart}
              onClick={() => void start(portNumber ?? undefined, ws && wsPortNumber !== null ? { port: wsPortNumber, allowNetwork: wsNetwork } : undefined)}
              data-testid="broker-start"
            >
              Start broker
            </button>
          </span>
        )}
      </div>
      {running && listener ? (
        <div className="broker-facts">
          <dl>
            <dt>Listening on</dt>
            <dd>
              <code data-testid="broker-url">{listener.url}</code>{' '}
              <button type="button" className="quiet small-btn" onClick={() => void copy(listener.url, 'Address')}>
                Copy
              </button>
              <span className="muted small"> this computer only (loopback)</span>
            </dd>
            {wsListener ? (
              <>
                <dt>WebSocket</dt>
                <dd>
                  <code data-testid="broker-ws-url">{wsListener.url}</code>{' '}
                  <button type="button" className="quiet small-btn" onClick={() => void copy(wsListener.url, 'Address')}>
                    Copy
                  </button>
                  {wsListener.host === '127.0.0.1' ? <span className="muted small"> this computer only (loopback)</span> : null}
                </dd>
              </>
            ) : null}
            <dt>User name</dt>
            <dd>
              <code data-testid="broker-username">{status.username}</code>{' '}
              <button type="button" className="quiet small-btn" onClick={() => void copy(status.username ?? '', 'User name')}>
                Copy
              </button>
            </dd>
            <dt>Password file</dt>
            <dd>
              <code data-testid="broker-password-file">{status.passwordFile}</code>
              <span className="muted small"> readable by you only; for --password-file of the CLI</span>
            </dd>
            <dt>Clients</dt>
            <dd data-testid="broker-clients">{status.clients}</dd>
            <dt>Messages</dt>
            <dd>
              <span data-testid="broker-rate">{status.messagesPerSecond.toFixed(1)}</span>/s · <span data-testid="broker-total">{status.totalMessages}</span> since start
            </dd>
          </dl>
          {status.warnings.map((w) => (
            <p key={w} className="broker-warning" role="alert" data-testid="broker-warning">
              {w}
            </p>
          ))}
          {credentials ? (
            <div className="broker-password" role="alert" data-testid="broker-password-once">
              <p className="strong">Password — shown once</p>
              <p>
                <code className="password" data-testid="broker-password">
                  {credentials.password}
                </code>{' '}
                <button type="button" className="small-btn" onClick={() => void copy(credentials.password, 'Password')} data-testid="broker-copy-password">
                  Copy
                </button>
              </p>
              <p className="muted small">Fieldbench does not show it again. It stays in the password file above while the broker runs and is gone when it stops; the next start makes new credentials.</p>
              <button type="button" onClick={dismiss} data-testid="broker-password-done">
                I have it — hide
              </button>
            </div>
          ) : null}
        </div>
      ) : (
        <>
          <p className="muted">Stopped. Starting it opens an MQTT listener on 127.0.0.1 only, with a user name and password made for this run (no default login).</p>
          {ws && wsNetwork ? (
            <p className="broker-warning" role="alert" data-testid="broker-ws-network-warning">
              The WebSocket listener will be reachable from every network this computer is on: anyone who can reach it can try the login.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
