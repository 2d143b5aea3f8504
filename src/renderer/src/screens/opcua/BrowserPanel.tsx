import { useProtocolDevices } from '../../lib/deviceBrowser';
import { useOpcUa } from '../../store/opcua';
import { BrowseTree } from './BrowseTree';
import { NodeDetails } from './NodeDetails';
import { SessionState } from './SessionState';

/** Pick an OPC UA device of the project, browse it from Objects, tick variables and add them as tags. */
export function BrowserPanel() {
  const tree = useOpcUa((s) => s.tree);
  const openDevice = useOpcUa((s) => s.openDevice);
  const addChecked = useOpcUa((s) => s.addCheckedAsTags);
  const checked = tree ? Object.keys(tree.checked).length : 0;
  const deviceId = tree?.deviceId ?? null;
  const { devices, announceAdded } = useProtocolDevices('opcua', deviceId, openDevice);
  const add = async () => announceAdded(await addChecked());

  return (
    <section className="panel opcua-browser" data-testid="opcua-browser">
      <div className="panel-title-row">
        <h2 className="panel-title">Browse</h2>
        {devices.length ? (
          <label className="inline-field">
            Server{' '}
            <select value={deviceId ?? ''} onChange={(e) => openDevice(e.target.value || null)} data-testid="opcua-device">
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {tree ? (
          <>
            <SessionState deviceId={tree.deviceId} />
            <span className="muted small">Click or ←↑↓→ to move and open · Space ticks a variable</span>
            <button type="button" className="primary push-right" data-testid="opcua-add-tags" disabled={!checked} onClick={() => void add()}>
              Add {checked || ''} as tag{checked === 1 ? '' : 's'}
            </button>
          </>
        ) : null}
      </div>
      {!devices.length ? <p className="empty">No OPC UA server in this project yet: discover one above and add it.</p> : null}
      {tree ? (
        <div className="browse-split">
          <BrowseTree />
          <NodeDetails />
        </div>
      ) : null}
    </section>
  );
}
