import { useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import { toConventional } from '../../../../shared/modbus/tables';
import type { Device } from '../../../../shared/project/schema';
import { sunspecBasesText } from '../../../../shared/sunspec/marker';
import { api } from '../../api';
import { useImporter } from '../../store/importer';
import { errorText, reportInfo } from '../../store/notices';
import { useTagMaps } from '../../store/tagMaps';

type Discovery = RequestOutput<'sunspec.discover'>;

/** SunSpec discovery: find "SunS" at the usual bases, walk the model chain, and add the models' points as a map. */
export function SunSpecPanel({ device }: { device: Device }) {
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<{ deviceId: string; d: Discovery } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('SunSpec');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const shown = found && found.deviceId === device.id ? found.d : null;

  const discover = async () => {
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const d = await api().sunspecDiscover({ deviceId: device.id });
      setFound({ deviceId: device.id, d });
      useImporter.getState().noteMarker(device.id, { kind: 'found', base: d.base });
    } catch (err) {
      setFound(null);
      setError(errorText(err));
      useImporter.getState().noteMarker(device.id, { kind: 'none', reason: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    if (!shown) return;
    setAdding(true);
    setError(null);
    try {
      const s = await useTagMaps.getState().put({ deviceId: device.id, name: name.trim() || 'SunSpec', tags: shown.tags });
      setAdded(`${s.name} (${s.tagCount} tags)`);
      reportInfo(`Added the SunSpec map "${s.name}" with ${s.tagCount} tags`);
    } catch (err) {
      setError(`Could not add the map: ${errorText(err)}`);
    } finally {
      setAdding(false);
    }
  };

  return (
    <>
      <button type="button" onClick={() => void discover()} disabled={busy} data-testid="sunspec-discover" title={`Look for the SunSpec marker at holding register ${sunspecBasesText()} and read the model chain`}>
        {busy ? 'Discovering…' : 'Discover SunSpec'}
      </button>
      {error ? (
        <p className="form-error sunspec-result" role="alert" data-testid="sunspec-error">
          SunSpec discovery: {error}
        </p>
      ) : null}
      {shown ? (
        <div className="sunspec-result" data-testid="sunspec-result">
          <SunSpecFound d={shown} />
          <div className="form-row sunspec-add">
            <label className="inline-field">
              Map name
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="sunspec-name" />
            </label>
            <button type="button" className="primary" onClick={() => void add()} disabled={adding || shown.tags.length === 0 || added !== null} data-testid="sunspec-add">
              {added ? 'Added ✓' : `Add ${shown.tags.length} points as a map`}
            </button>
            {added ? <span className="ok-line">Added {added}: see them under Live › Tags.</span> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}

/** What discovery found: the marker and each model, numbered as everywhere in Fieldbench (440003, wire 40002). */
export function SunSpecFound({ d }: { d: Discovery }) {
  return (
    <>
      <p>
        <span className="strong">SunSpec device</span>: marker “SunS” at register <span className="mono">{toConventional('holding', d.base)}</span> (wire {d.base}), {d.models.length} model
        {d.models.length === 1 ? '' : 's'}, {d.tags.length} points. A point of a repeating group is named with the group and its instance, as in{' '}
        <span className="mono">mppt.module[2].DCA</span>.
      </p>
      <table className="grid compact">
        <thead>
          <tr>
            <th>Model</th>
            <th>Name</th>
            <th className="num" title="Register number as Fieldbench writes it everywhere (the Tags table, the CLI): 4 and the 1-based number, 440003 for wire 40002">
              Register
            </th>
            <th className="num">Wire</th>
            <th className="num">Registers</th>
            <th>Points</th>
          </tr>
        </thead>
        <tbody>
          {d.models.map((m) => (
            <tr key={`${m.id}-${m.address}`} data-testid="sunspec-model">
              <td className="mono strong">{m.id}</td>
              <td>{m.name}</td>
              <td className="num mono">{toConventional('holding', m.address)}</td>
              <td className="num mono dim">{m.address}</td>
              <td className="num mono">{m.length}</td>
              <td className={m.known ? '' : 'warn-inline'}>{m.known ? 'mapped' : 'no definition (a vendor model): skipped'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.notes.length ? (
        <ul className="notes">
          {d.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
