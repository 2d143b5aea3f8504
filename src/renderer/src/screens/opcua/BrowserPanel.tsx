import { DevicePicker } from '../../components/DevicePicker';
import { useProtocolDevices } from '../../lib/deviceBrowser';
import { useOpcUa } from '../../store/opcua';
import { BookmarkBar } from './BookmarkBar';
import { BrowseTree } from './BrowseTree';
import { NodeDetails } from './NodeDetails';
import { NodeSearch } from './NodeSearch';
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
        <DevicePicker label="Server" devices={devices} value={deviceId} onPick={openDevice} testId="opcua-device" />
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
        <div className="browse-tools">
          <NodeSearch tree={tree} />
          <BookmarkBar deviceId={tree.deviceId} />
        </div>
      ) : null}
      {tree ? (
        <div className="browse-split">
          <BrowseTree />
          <NodeDetails />
        </div>
      ) : null}
    </section>
  );
}
