import { useState } from 'react';
import type { Device } from '../../../../shared/project/schema';
import { MAX_TAGS_PER_MAP } from '../../../../shared/schemas/tags';
import { useImporter, type ImportDraft } from '../../store/importer';
import { useLiveTab } from '../../store/liveTab';
import { errorText, reportInfo } from '../../store/notices';
import { useTagMaps } from '../../store/tagMaps';
import { useTagTable } from '../../store/tagTable';
import { useUi } from '../../store/ui';

/** Name the map and hand its tags to the engine (tagMaps.put); a map of the same name on the device is replaced. */
export function AddToProject({ device, draft }: { device: Device; draft: ImportDraft }) {
  const setMapName = useImporter((s) => s.setMapName);
  const setScanClass = useImporter((s) => s.setScanClass);
  const markAdded = useImporter((s) => s.markAdded);
  const summaries = useTagMaps((s) => s.summaries);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = draft.mapName.trim();
  const existing = summaries.find((m) => m.deviceId === device.id && m.name === name);
  const count = draft.tags.length;
  const tooMany = count > MAX_TAGS_PER_MAP;

  const openLive = (filter: string) => {
    useLiveTab.getState().setTab('tags');
    useTagTable.getState().setFilter(filter);
    useUi.getState().go('live');
  };

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await useTagMaps.getState().put({ deviceId: device.id, name, tags: draft.tags, ...(existing ? { mapId: existing.id } : {}) });
      markAdded({ mapId: s.id, name: s.name, tags: s.tagCount });
      reportInfo(`${existing ? 'Replaced' : 'Added'} the map "${s.name}" on ${device.name}: ${s.tagCount} tags`, { label: 'Open live tags', run: () => openLive('') });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-bar" data-testid="import-add-bar">
      <h3>4 · Add to the project</h3>
      <div className="form-row">
        <label className="inline-field">
          Map name
          <input className="w-name" value={draft.mapName} maxLength={120} onChange={(e) => setMapName(e.target.value)} data-testid="import-map-name" />
        </label>
        <label className="inline-field" title="Scan period of the rows whose file gives none">
          Poll every
          <input
            className="w-small mono"
            type="number"
            min={50}
            max={3600000}
            step={50}
            value={draft.scanClassMs}
            onChange={(e) => setScanClass(Math.max(50, Math.min(3_600_000, Math.round(Number(e.target.value) || 1000))))}
            data-testid="import-scan"
          />
          <span className="unit">ms</span>
        </label>
        <button type="button" className="primary" disabled={busy || draft.busy || count === 0 || tooMany || name === '' || draft.addedAs !== null} onClick={() => void add()} data-testid="import-add">
          {busy ? 'Adding…' : existing ? `Replace “${existing.name}” with ${count.toLocaleString('en')} tags` : `Add ${count.toLocaleString('en')} tags to ${device.name}`}
        </button>
        {draft.addedAs ? (
          <span className="ok-line" data-testid="import-added">
            ✓ Added as “{draft.addedAs.name}” ({draft.addedAs.tags} tags).{' '}
            <button type="button" className="link-btn" onClick={() => openLive('')} data-testid="import-open-live">
              Open live tags →
            </button>
          </span>
        ) : count === 0 ? (
          <span className="muted">Nothing to add: no row became a tag.</span>
        ) : tooMany ? (
          <span className="form-error" role="alert" data-testid="import-too-many">
            {count.toLocaleString('en')} tags: a map holds at most {MAX_TAGS_PER_MAP.toLocaleString('en')}. Split the file (by sheet or by device) and add each part as its own map.
          </span>
        ) : draft.result && draft.result.summary.rejected + draft.refused.length > 0 ? (
          <span className="muted">Rejected rows are left out; they stay listed above.</span>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="import-add-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
