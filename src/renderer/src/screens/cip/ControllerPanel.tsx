import type { FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useCip } from '../../store/cip';
import { AddControllerForm } from './AddControllerForm';
import { IdentityCard } from './IdentityCard';

/** Host and port, "Identify" (List Identity to that one address), what answered, and the form that adds it. */
export function ControllerPanel() {
  const host = useCip((s) => s.host);
  const port = useCip((s) => s.port);
  const setEndpoint = useCip((s) => s.setEndpoint);
  const identify = useCip((s) => s.identify);
  const identifying = useCip((s) => s.identifying);
  const identity = useCip((s) => s.identity);
  const error = useCip((s) => s.identifyError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void identify();
  };
  return (
    <section className="panel" data-testid="cip-controller-panel">
      <h2 className="panel-title">Add a controller</h2>
      <form className="form-row" onSubmit={submit}>
        <Field label="Host" testId="cip-host" className="w-host" value={host} onChange={(e) => setEndpoint(e.target.value, port)} placeholder="192.168.1.10" error={error ?? undefined} />
        <Field label="Port" testId="cip-port" className="w-port" value={port} inputMode="numeric" onChange={(e) => setEndpoint(host, e.target.value)} />
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="cip-identify" disabled={identifying || !host.trim()}>
            {identifying ? 'Identifying…' : 'Identify'}
          </button>
        </div>
      </form>
      <p className="muted small">List Identity goes to this one address only (TCP, then UDP).</p>
      {identity ? (
        <>
          <IdentityCard identity={identity} />
          <AddControllerForm identity={identity} />
        </>
      ) : null}
    </section>
  );
}
