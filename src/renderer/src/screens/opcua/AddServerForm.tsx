import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useDevices } from '../../store/devices';
import { reportInfo } from '../../store/notices';
import { useOpcUa } from '../../store/opcua';
import { uniqueName } from '../devices/formUtils';

type LoginKind = 'anonymous' | 'username';

/** Name, login and "Add server" for the chosen endpoint; the password goes to the engine's secret store. */
export function AddServerForm() {
  const discovery = useOpcUa((s) => s.discovery);
  const chosen = useOpcUa((s) => s.chosen);
  const addServer = useOpcUa((s) => s.addServer);
  const openDevice = useOpcUa((s) => s.openDevice);
  const refreshDevices = useDevices((s) => s.refresh);
  const endpoint = chosen === null ? null : (discovery?.endpoints[chosen] ?? null);
  const serverName = discovery?.servers[0]?.applicationName || discovery?.url.replace(/^opc\.tcp:\/\//, '') || 'OPC UA server';
  const [name, setName] = useState('');
  const [login, setLogin] = useState<LoginKind>('anonymous');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string>; certificate?: boolean } | null>(null);
  const certPending = useOpcUa((s) => s.certProblem !== null);
  // A refusal over the certificate ends with the prompt (trusted and added, rejected, or put off).
  useEffect(() => {
    if (!certPending && error?.certificate) setError(null);
  }, [certPending, error]);

  useEffect(() => {
    // A new name only when another server was discovered, not when devices change.
    setName(uniqueName(serverName, useDevices.getState().devices));
  }, [serverName]);

  const offers = new Set(endpoint?.userTokens.map((t) => t.type) ?? []);
  useEffect(() => {
    if (endpoint && !offers.has(login) && offers.size) setLogin(offers.has('anonymous') ? 'anonymous' : 'username');
  });

  if (!endpoint) return <p className="muted">Choose an endpoint above.</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await addServer({ name: name.trim(), endpoint, identity: login === 'username' ? { kind: 'username', userName: userName.trim(), password } : { kind: 'anonymous' } });
    setBusy(false);
    if (!r.ok) return setError(r);
    setPassword('');
    await refreshDevices();
    openDevice(r.device.id);
    reportInfo(`Added ${r.device.name}: browse it below`);
  };

  return (
    <form className="opcua-add" onSubmit={(e) => void submit(e)} data-testid="opcua-add-form">
      <div className="form-row">
        <Field label="Device name" testId="opcua-name" className="w-name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fields['name']} />
        <div className="field">
          <span className="field-label">Login</span>
          <div className="segmented" role="radiogroup" aria-label="Login">
            {(['anonymous', 'username'] as const).map((k) => (
              <label key={k} className={`seg ${login === k ? 'on' : ''} ${offers.has(k) ? '' : 'off'}`} title={offers.has(k) ? '' : 'this endpoint does not offer it'}>
                <input type="radio" name="opcua-login" value={k} checked={login === k} disabled={!offers.has(k)} onChange={() => setLogin(k)} data-testid={`opcua-login-${k}`} />
                {k === 'anonymous' ? 'Anonymous' : 'User name'}
              </label>
            ))}
          </div>
        </div>
        {login === 'username' ? (
          <>
            <Field label="User" testId="opcua-user" className="w-host" value={userName} onChange={(e) => setUserName(e.target.value)} error={error?.fields['identity.userName']} />
            <Field label="Password" testId="opcua-password" className="w-host" type="password" value={password} onChange={(e) => setPassword(e.target.value)} error={error?.fields['identity.password']} hint="kept in the secret store, never in the project" />
          </>
        ) : null}
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="opcua-add" disabled={busy || !name.trim()}>
            {busy ? 'Connecting…' : 'Add server'}
          </button>
        </div>
      </div>
      <p className="muted small">
        {endpoint.securityMode === 'None' ? 'No security: traffic is neither signed nor encrypted.' : `${endpoint.securityMode} with ${endpoint.securityPolicy}: the server certificate must be trusted.`} Fieldbench opens a session first; nothing is added if it is refused.
      </p>
      {error ? (
        <div className="form-error" role="alert" data-testid="opcua-add-error">
          {error.message}
        </div>
      ) : null}
    </form>
  );
}
