import type { GatewayTarget } from '../../../../shared/contract/gateway';
import { useDeploy } from './deployStore';
import { useReadWriteTags } from './useReadWriteTags';

const TARGETS: { id: GatewayTarget; label: string }[] = [
  { id: 'linux-x64', label: 'Linux x64 (systemd)' },
  { id: 'linux-arm64', label: 'Linux arm64 (systemd)' },
  { id: 'docker', label: 'Docker' },
];

/** Target, northbound broker (embedded or a URL with login, CA and plaintext reason), Sparkplug ids, authorised writes. */
export function SettingsPanel() {
  const form = useDeploy((s) => s.form);
  const set = useDeploy((s) => s.set);
  const checking = useDeploy((s) => s.checking);
  const preflight = useDeploy((s) => s.preflight);
  const rwTags = useReadWriteTags();
  const url = form.broker === 'url';
  const plaintext = url && form.url.trim().startsWith('mqtt://');
  return (
    <section className="panel deploy-settings" data-testid="deploy-settings">
      <div className="deploy-grid">
        <fieldset>
          <legend>Target</legend>
          {TARGETS.map((t) => (
            <label key={t.id} className="deploy-radio">
              <input type="radio" name="deploy-target" checked={form.target === t.id} onChange={() => set({ target: t.id })} data-testid={`deploy-target-${t.id}`} /> {t.label}
            </label>
          ))}
          <label className="deploy-radio" title="Node.js for the target from the npm registry (fetched once, then cached); without it the edge device needs Node.js 20 or later installed">
            <input type="checkbox" checked={form.nodeRuntime || form.target === 'docker'} disabled={form.target === 'docker'} onChange={(e) => set({ nodeRuntime: e.target.checked })} data-testid="deploy-node-runtime" /> Carry Node.js (about 95 MB{form.target === 'docker' ? '; Docker always does' : ''})
          </label>
        </fieldset>
        <fieldset>
          <legend>Northbound (Sparkplug B)</legend>
          <label className="deploy-radio">
            <input type="radio" name="deploy-broker" checked={!url} onChange={() => set({ broker: 'embedded' })} data-testid="deploy-broker-embedded" /> Embedded broker on the edge device (loopback, generated login)
          </label>
          <label className="deploy-radio">
            <input type="radio" name="deploy-broker" checked={url} onChange={() => set({ broker: 'url' })} data-testid="deploy-broker-url" /> Upstream broker
          </label>
          {url ? (
            <div className="deploy-fields">
              <label>
                URL <input className="mono" value={form.url} placeholder="mqtts://broker.plant:8883" onChange={(e) => set({ url: e.target.value })} data-testid="deploy-url" />
              </label>
              <label>
                User <input value={form.username} onChange={(e) => set({ username: e.target.value })} data-testid="deploy-user" autoComplete="off" />
              </label>
              <label>
                Password <input type="password" value={form.password} onChange={(e) => set({ password: e.target.value })} data-testid="deploy-password" autoComplete="new-password" />
              </label>
              <label title="A PEM file in the workspace folder">
                CA file <input className="mono" value={form.caFile} placeholder="ca.pem (in the workspace)" onChange={(e) => set({ caFile: e.target.value })} data-testid="deploy-ca" />
              </label>
              {plaintext ? (
                <label title="Plaintext MQTT across a network is refused unless you say why">
                  Plaintext reason <input value={form.plaintextReason} placeholder="e.g. isolated cell VLAN, no route out" onChange={(e) => set({ plaintextReason: e.target.value })} data-testid="deploy-plaintext-reason" />
                </label>
              ) : null}
            </div>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Sparkplug ids</legend>
          <div className="deploy-fields">
            <label>
              Group <input value={form.group} placeholder="from the project" onChange={(e) => set({ group: e.target.value })} data-testid="deploy-group" />
            </label>
            <label>
              Node <input value={form.node} placeholder="from the project" onChange={(e) => set({ node: e.target.value })} data-testid="deploy-node" />
            </label>
          </div>
        </fieldset>
        <fieldset data-testid="deploy-writes">
          <legend>Writes from Sparkplug DCMD</legend>
          {rwTags === null ? (
            <span className="muted small">…</span>
          ) : rwTags.length === 0 ? (
            <span className="muted small">No read-write tags: the gateway writes nothing.</span>
          ) : (
            rwTags.map((t) => (
              <label key={t.key} className="deploy-radio" title={t.key}>
                <input
                  type="checkbox"
                  checked={form.writable.includes(t.key)}
                  onChange={(e) => set({ writable: e.target.checked ? [...form.writable, t.key] : form.writable.filter((k) => k !== t.key) })}
                  data-testid="deploy-writable"
                />{' '}
                Authorise <span className="mono">{t.name}</span> <span className="muted small">({t.map})</span>
              </label>
            ))
          )}
        </fieldset>
      </div>
      <div className="deploy-actions">
        <button type="button" className="primary" disabled={checking} onClick={() => void preflight()} data-testid="deploy-run-preflight">
          {checking ? 'Probing devices…' : 'Run pre-flight'}
        </button>
        <span className="muted small">Reads every device once from this computer and checks the config; writes nothing.</span>
      </div>
    </section>
  );
}
