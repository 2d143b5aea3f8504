import { useEffect, useState, type FormEvent } from 'react';
import type { CipIdentityCard } from '../../../../shared/contract';
import { Field } from '../../components/Field';
import { useCip } from '../../store/cip';
import { useDevices } from '../../store/devices';
import { reportInfo } from '../../store/notices';
import { uniqueName } from '../devices/formUtils';

/** Name and route path of the identified controller, and "Add controller" (a trial connection first). */
export function AddControllerForm({ identity }: { identity: CipIdentityCard }) {
  const addController = useCip((s) => s.addController);
  const openDevice = useCip((s) => s.openDevice);
  const refreshDevices = useDevices((s) => s.refresh);
  const [name, setName] = useState('');
  const [routePath, setRoutePath] = useState('1,0');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  useEffect(() => {
    setName(uniqueName(identity.productName || 'Controller', useDevices.getState().devices));
  }, [identity.productName]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await addController(name.trim(), routePath);
    setBusy(false);
    if (!r.ok) return setError(r);
    await refreshDevices();
    openDevice(r.device.id);
    reportInfo(`Added ${r.device.name}: its tags are listed below`);
  };

  return (
    <form className="cip-add" onSubmit={(e) => void submit(e)} data-testid="cip-add-form">
      <div className="form-row">
        <Field label="Device name" testId="cip-name" className="w-name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fields['name']} />
        <Field label="Route path" testId="cip-route" className="w-route" value={routePath} onChange={(e) => setRoutePath(e.target.value)} error={error?.fields['routePath']} hint="1,0 is backplane slot 0; empty for a Micro800" />
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="cip-add" disabled={busy || !name.trim()}>
            {busy ? 'Connecting…' : 'Add controller'}
          </button>
        </div>
      </div>
      {error && !Object.keys(error.fields).length ? (
        <div className="form-error" role="alert" data-testid="cip-add-error">
          {error.message}
        </div>
      ) : null}
    </form>
  );
}
