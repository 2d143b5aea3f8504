import { useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import type { Device } from '../../../../shared/project/schema';
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
      <button type="button" onClick={() => void discover()} disabled={busy} data-testid="sunspec-discover" title="Look for the SunSpec marker at 40000, 50000 and 0 and read the model chain">
        {busy ? 'Discovering…' : 'Discover SunSpec'}
      </button>
      {error ? (
        <p className="form-error sunspec-result" role="alert" data-testid="sunspec-error">
          SunSpec discovery: {error}
        </p>
      ) : null}
      {shown ? (
        <div className="sunspec-result" data-testid="sunspec-result">
          <p>
            <span className="strong">SunSpec device</span>: marker “SunS” at register <span className="mono">{shown.base + 1}</span> (wire {shown.base}), {shown.models.length} model
            {shown.models.length === 1 ? '' : 's'}, {shown.tags.length} points.
          </p>
          <table className="grid compact">
            <thead>
              <tr>
                <th>Model</th>
                <th>Name</th>
                <th className="num" title="1-based register number, as SunSpec documents write it">
                  Register
                </th>
                <th className="num">Wire</th>
                <th className="num">Registers</th>
                <th>Points</th>
              </tr>
            </thead>
            <tbody>
              {shown.models.map((m) => (
                <tr key={`${m.id}-${m.address}`} data-testid="sunspec-model">
                  <td className="mono strong">{m.id}</td>
                  <td>{m.name}</td>
                  <td className="num mono">{m.address + 1}</td>
                  <td className="num mono dim">{m.address}</td>
                  <td className="num mono">{m.length}</td>
                  <td className={m.known ? '' : 'warn-inline'}>{m.known ? 'mapped' : 'unknown model: not mapped'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.notes.length ? (
            <ul className="notes">
              {shown.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
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
