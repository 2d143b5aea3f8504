import { useEffect, useState } from 'react';
import type { EdgeSettings } from '../../../../shared/contract/sparkplug';
import { Field } from '../../components/Field';
import { useSparkplug } from '../../store/sparkplug';
import { useTagMaps } from '../../store/tagMaps';

const ID_RULE = /^[^+/#]{1,64}$/;

/** The edge node's settings (kept on this computer, defaults from the project) and Start. */
export function EdgeNodeForm({ saved, brokerRunning }: { saved: EdgeSettings; brokerRunning: boolean }) {
  const busy = useSparkplug((s) => s.busy);
  const start = useSparkplug((s) => s.startEdge);
  const hasPassword = useSparkplug((s) => s.settings?.edgePassword === true);
  const defs = useTagMaps((s) => s.defs);
  const loaded = useTagMaps((s) => s.loaded);
  const refreshTags = useTagMaps((s) => s.refresh);
  const [f, setF] = useState(saved);
  const [password, setPassword] = useState('');
  useEffect(() => setF(saved), [saved]);
  useEffect(() => {
    if (!loaded) void refreshTags();
  }, [loaded, refreshTags]);
  const embedded = f.brokerUrl === null;
  const urlOk = embedded || /^mqtts?:\/\/[^/\s]+$/.test(f.brokerUrl ?? '');
  const idError = (v: string) => (ID_RULE.test(v) ? undefined : 'one to 64 characters, no + / or #');
  const hostError = f.primaryHost === null || ID_RULE.test(f.primaryHost) ? undefined : 'no + / or #';
  const writableTags = defs.filter((d) => d.tag.access === 'read-write');
  const ok = urlOk && !idError(f.group) && !idError(f.node) && !hostError && (!embedded || brokerRunning);
  const set = (patch: Partial<EdgeSettings>) => setF((x) => ({ ...x, ...patch }));
  const toggleWritable = (key: string, on: boolean) => set({ writable: on ? [...f.writable, key] : f.writable.filter((k) => k !== key) });

  return (
    <form
      className="edge-form"
      data-testid="edge-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) void start(f, password === '' ? undefined : password);
      }}
    >
      <div className="edge-form-grid">
        <div className="field">
          <label htmlFor="edge-broker">Publish to</label>
          <select id="edge-broker" data-testid="edge-broker" value={embedded ? 'embedded' : 'url'} onChange={(e) => set({ brokerUrl: e.target.value === 'embedded' ? null : (f.brokerUrl ?? 'mqtt://127.0.0.1:1883') })}>
            <option value="embedded">The embedded broker</option>
            <option value="url">Another broker…</option>
          </select>
          {embedded && !brokerRunning ? <div className="field-hint">Start the embedded broker above first.</div> : null}
        </div>
        {!embedded ? (
          <>
            <Field label="Broker URL" testId="edge-url" value={f.brokerUrl ?? ''} onChange={(e) => set({ brokerUrl: e.target.value })} error={urlOk ? undefined : 'mqtt://HOST:PORT or mqtts://HOST:PORT'} />
            <Field label="User name" testId="edge-user" value={f.username ?? ''} onChange={(e) => set({ username: e.target.value || null })} />
            <Field label="Password" testId="edge-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} hint={hasPassword ? 'one is kept; type to replace it' : 'kept in a file only you can read'} />
          </>
        ) : null}
        <Field label="Group id" testId="edge-group" value={f.group} onChange={(e) => set({ group: e.target.value })} error={idError(f.group)} />
        <Field label="Edge node id" testId="edge-node" value={f.node} onChange={(e) => set({ node: e.target.value })} error={idError(f.node)} />
        <Field
          label="Primary host id"
          testId="edge-host"
          value={f.primaryHost ?? ''}
          placeholder="none"
          onChange={(e) => set({ primaryHost: e.target.value || null })}
          error={hostError}
          hint="publish only while its STATE is online"
        />
        <div className="field">
          <label htmlFor="edge-bad">A device gone bad</label>
          <select id="edge-bad" data-testid="edge-bad-device" value={f.badDevice} onChange={(e) => set({ badDevice: e.target.value as EdgeSettings['badDevice'] })}>
            <option value="metrics">Bad-quality metrics (null)</option>
            <option value="death">DDEATH, DBIRTH when back</option>
          </select>
        </div>
        <label className="check edge-aliases">
          <input type="checkbox" checked={f.aliases} onChange={(e) => set({ aliases: e.target.checked })} data-testid="edge-aliases" /> Metric aliases
        </label>
      </div>
      <details className="edge-writable">
        <summary>
          Writes from the host (DCMD): {f.writable.length} of {writableTags.length} read-write tags without asking
        </summary>
        <p className="muted small">A DCMD to any other tag waits here for your confirmation. Read-only tags are never written.</p>
        <ul>
          {writableTags.map((d) => (
            <li key={d.key}>
              <label className="check">
                <input type="checkbox" checked={f.writable.includes(d.key)} onChange={(e) => toggleWritable(d.key, e.target.checked)} data-testid="edge-writable" data-key={d.key} /> {d.mapName} / {d.tag.name}
              </label>
            </li>
          ))}
        </ul>
      </details>
      <button type="submit" className="primary" disabled={busy || !ok} data-testid="edge-start">
        Start edge node
      </button>
    </form>
  );
}
