import type { FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useOpcUa } from '../../store/opcua';
import { AddServerForm } from './AddServerForm';
import { EndpointTable } from './EndpointTable';

/** Endpoint URL and Discover, the server's endpoints, and the form that adds the chosen one as a device. */
export function ServerPanel() {
  const url = useOpcUa((s) => s.url);
  const setUrl = useOpcUa((s) => s.setUrl);
  const discover = useOpcUa((s) => s.discover);
  const discovering = useOpcUa((s) => s.discovering);
  const discovery = useOpcUa((s) => s.discovery);
  const error = useOpcUa((s) => s.discoverError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void discover();
  };
  const server = discovery?.servers[0];
  return (
    <section className="panel" data-testid="opcua-server-panel">
      <h2 className="panel-title">Add a server</h2>
      <form className="form-row" onSubmit={submit}>
        <Field label="Endpoint URL" testId="opcua-url" className="w-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="opc.tcp://host:4840" error={error ?? undefined} />
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="opcua-discover" disabled={discovering || !url.trim()}>
            {discovering ? 'Discovering…' : 'Discover'}
          </button>
        </div>
      </form>
      {discovery ? (
        <>
          <p className="muted small opcua-found" data-testid="opcua-found">
            {server ? (
              <>
                <span className="strong">{server.applicationName || server.applicationUri}</span> · {server.applicationUri} · {server.applicationType}
              </>
            ) : (
              'The server answered GetEndpoints (no FindServers).'
            )}{' '}
            · {discovery.endpoints.length} endpoint{discovery.endpoints.length === 1 ? '' : 's'}
          </p>
          <EndpointTable />
          <AddServerForm />
        </>
      ) : null}
    </section>
  );
}
