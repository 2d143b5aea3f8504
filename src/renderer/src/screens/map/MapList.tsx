import { useState } from 'react';
import type { Device } from '../../../../shared/project/schema';
import { EXPORTS, exportMap, type ExportKind } from '../../lib/mapExport';
import { connectionOf, useDevices } from '../../store/devices';
import { useLiveTab } from '../../store/liveTab';
import { reportError, reportInfo } from '../../store/notices';
import { useTagMaps } from '../../store/tagMaps';
import { useTagTable } from '../../store/tagTable';
import { useUi } from '../../store/ui';

/** The device's tag maps with their tag counts: export each in four formats, open its tags live, or remove it. */
export function MapList({ device }: { device: Device }) {
  const summaries = useTagMaps((s) => s.summaries);
  const maps = useTagMaps((s) => s.maps);
  const remove = useTagMaps((s) => s.remove);
  const connections = useDevices((s) => s.connections);
  const go = useUi((s) => s.go);
  const [removing, setRemoving] = useState<string | null>(null);
  const mine = summaries.filter((m) => m.deviceId === device.id);

  const doExport = (mapId: string, kind: ExportKind) => {
    const map = maps[mapId];
    if (!map) return;
    try {
      const notes = exportMap(map, kind, device, connectionOf(connections, device));
      const label = EXPORTS.find((e) => e.kind === kind)!.label;
      reportInfo(notes.length ? `${label} saved. Note: ${notes.join('; ')}` : `${label} of "${map.name}" saved`);
    } catch (err) {
      reportError('Could not export the map', err);
    }
  };

  const openLive = (name: string) => {
    useLiveTab.getState().setTab('tags');
    useTagTable.getState().setFilter(name);
    go('live');
  };

  return (
    <section className="panel" data-testid="map-list">
      <h2 className="panel-title">Maps of {device.name}</h2>
      {mine.length === 0 ? (
        <p className="muted" data-testid="map-list-empty">
          No register map on this device yet: import one below, or use Discover SunSpec.
        </p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Map</th>
              <th className="num">Tags</th>
              <th>Export</th>
              <th className="actions-col" />
            </tr>
          </thead>
          <tbody>
            {mine.map((m) => (
              <tr key={m.id} data-testid="map-row" data-map-name={m.name} className={removing === m.id ? 'confirm-row' : ''}>
                <td className="strong">{m.name}</td>
                <td className="num mono" data-testid="map-tag-count">
                  {m.tagCount.toLocaleString('en')}
                </td>
                <td>
                  <span className="export-buttons">
                    {EXPORTS.map((e) => (
                      <button key={e.kind} type="button" className="small-btn" title={e.what} disabled={!maps[m.id]} onClick={() => doExport(m.id, e.kind)} data-testid={`map-export-${e.kind}`}>
                        {e.label}
                      </button>
                    ))}
                  </span>
                </td>
                <td className="actions">
                  {removing === m.id ? (
                    <span className="confirm-inline">
                      <span>Remove the map and its {m.tagCount.toLocaleString("en")} tags from the project?</span>
                      <button type="button" className="danger" onClick={() => void remove(m.id).then(() => setRemoving(null))} data-testid="map-remove-confirm">
                        Remove map
                      </button>
                      <button type="button" autoFocus onClick={() => setRemoving(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <>
                      <button type="button" onClick={() => openLive(m.name)} data-testid="map-live" title="Live › Tags, filtered to this map">
                        Live tags →
                      </button>
                      <button type="button" className="quiet" onClick={() => setRemoving(m.id)} data-testid="map-remove">
                        Remove…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
