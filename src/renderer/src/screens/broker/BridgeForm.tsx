import { useState } from 'react';
import type { BridgeSettings } from '../../../../shared/contract/sparkplug';
import { Field } from '../../components/Field';
import { useSparkplug } from '../../store/sparkplug';

type Rule = BridgeSettings['rules'][number];
const NEW_RULE: Rule = { local: 'spBv1.0/', remote: 'site/spBv1.0/', direction: 'out', qos: 1 };
const DEFAULTS: BridgeSettings = { remoteUrl: '', username: null, caFile: null, certFile: null, keyFile: null, rules: [NEW_RULE], backoff: { minMs: 1000, maxMs: 60_000 } };

/** The upstream broker (address, certificates, login) and the topic rules; Start. */
export function BridgeForm({ saved, brokerRunning }: { saved: BridgeSettings | null; brokerRunning: boolean }) {
  const busy = useSparkplug((s) => s.busy);
  const start = useSparkplug((s) => s.startBridge);
  const hasPassword = useSparkplug((s) => s.settings?.bridgePassword === true);
  const [f, setF] = useState<BridgeSettings>(saved ?? DEFAULTS);
  const [password, setPassword] = useState('');
  const set = (patch: Partial<BridgeSettings>) => setF((x) => ({ ...x, ...patch }));
  const setRule = (i: number, patch: Partial<Rule>) => set({ rules: f.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const urlOk = /^mqtts?:\/\/[^/\s]+$/.test(f.remoteUrl);
  const rulesOk = f.rules.length > 0 && f.rules.every((r) => !/[+#]/.test(r.local + r.remote));
  const path = (v: string) => (v.trim() === '' ? null : v.trim());
  return (
    <form
      className="bridge-form"
      data-testid="bridge-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (urlOk && rulesOk && brokerRunning) void start(f, password === '' ? undefined : password);
      }}
    >
      <div className="edge-form-grid">
        <Field
          label="Upstream URL"
          testId="bridge-url"
          value={f.remoteUrl}
          placeholder="mqtts://broker.example:8883"
          onChange={(e) => set({ remoteUrl: e.target.value })}
          error={urlOk || f.remoteUrl === '' ? undefined : 'mqtt://HOST:PORT or mqtts://HOST:PORT'}
        />
        <Field label="User name" testId="bridge-user" value={f.username ?? ''} onChange={(e) => set({ username: e.target.value || null })} />
        <Field label="Password" testId="bridge-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} hint={hasPassword ? 'one is kept; type to replace it' : 'kept in a file only you can read'} />
        <Field label="CA file (PEM)" testId="bridge-ca" value={f.caFile ?? ''} placeholder="system CAs" hint="a file name in the workspace folder" onChange={(e) => set({ caFile: path(e.target.value) })} />
        <Field label="Client certificate" testId="bridge-cert" value={f.certFile ?? ''} placeholder="none" hint="in the workspace folder" onChange={(e) => set({ certFile: path(e.target.value) })} />
        <Field label="Client key" testId="bridge-key" value={f.keyFile ?? ''} placeholder="none" hint="in the workspace folder" onChange={(e) => set({ keyFile: path(e.target.value) })} />
      </div>
      <table className="bridge-rules" data-testid="bridge-rules">
        <thead>
          <tr>
            <th>Local prefix</th>
            <th>Direction</th>
            <th>Upstream prefix</th>
            <th>QoS</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {f.rules.map((r, i) => (
            <tr key={i} data-testid="bridge-rule">
              <td>
                <input className="mono" value={r.local} onChange={(e) => setRule(i, { local: e.target.value })} aria-label="Local prefix" data-testid="bridge-rule-local" />
              </td>
              <td>
                <select value={r.direction} onChange={(e) => setRule(i, { direction: e.target.value as Rule['direction'] })} aria-label="Direction" data-testid="bridge-rule-direction">
                  <option value="out">→ up</option>
                  <option value="in">← down</option>
                  <option value="both">↔ both</option>
                </select>
              </td>
              <td>
                <input className="mono" value={r.remote} onChange={(e) => setRule(i, { remote: e.target.value })} aria-label="Upstream prefix" data-testid="bridge-rule-remote" />
              </td>
              <td>
                <select value={r.qos} onChange={(e) => setRule(i, { qos: Number(e.target.value) as Rule['qos'] })} aria-label="QoS">
                  <option value={0}>0</option>
                  <option value={1}>1</option>
                </select>
              </td>
              <td>
                <button type="button" className="quiet small-btn" disabled={f.rules.length === 1} onClick={() => set({ rules: f.rules.filter((_, j) => j !== i) })} aria-label="Remove rule">
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rulesOk ? null : <p className="field-error">A prefix has no + or # (a topic under it keeps the rest of its path).</p>}
      <div className="bridge-form-actions">
        <button type="button" className="quiet small-btn" disabled={f.rules.length >= 100} onClick={() => set({ rules: [...f.rules, { ...NEW_RULE, local: '', remote: '' }] })} data-testid="bridge-add-rule">
          + Rule
        </button>
        <button type="submit" className="primary" disabled={busy || !urlOk || !rulesOk || !brokerRunning} data-testid="bridge-start">
          Start bridge
        </button>
        {brokerRunning ? null : <span className="muted small">The bridge connects the embedded broker: start it above first.</span>}
      </div>
    </form>
  );
}
