import type { FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useCip } from '../../store/cip';
import { AddControllerForm } from './AddControllerForm';
import { FoundList } from './FoundList';
import { IdentityCard } from './IdentityCard';

/** Host and port, "Identify" (List Identity to that one address), what answered, and the form that adds it. */
export function ControllerPanel() {
  const host = useCip((s) => s.host);
  const port = useCip((s) => s.port);
  const setEndpoint = useCip((s) => s.setEndpoint);
  const identify = useCip((s) => s.identify);
  const identifying = useCip((s) => s.identifying);
  const identity = useCip((s) => s.identity);
  const find = useCip((s) => s.find);
  const finding = useCip((s) => s.finding);
  const found = useCip((s) => s.found);
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
          <button type="button" data-testid="cip-find" disabled={finding || identifying || !host.trim()} onClick={() => void find()} title="List Identity over UDP: every device that answers within 2 s">
            {finding ? 'Listening…' : 'Find on subnet'}
          </button>
        </div>
      </form>
      <p className="muted small">Identify asks this one address (TCP, then UDP). Find on subnet sends one UDP List Identity to the address typed: a subnet&apos;s broadcast address, such as 192.168.1.255, finds every device on it. No other address is touched.</p>
      {found && !identity ? <FoundList devices={found} /> : null}
      {identity ? (
        <>
          <IdentityCard identity={identity} />
          <AddControllerForm identity={identity} />
        </>
      ) : null}
    </section>
  );
}
