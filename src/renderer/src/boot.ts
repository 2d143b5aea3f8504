import { setApiHandle } from './api';
import { connectApi } from './transport';
import { useConnection } from './store/connection';
import { useDevices } from './store/devices';
import { ingestWatchUpdate, useLive } from './store/live';
import { useProject } from './store/project';
import { useScan } from './store/scan';
import { useSerial } from './store/serial';
import { startTagFeed } from './store/tagFeed';
import { startTrendFollow } from './store/trendFollow';
import { useUi } from './store/ui';

/**
 * Connect to the engine and wire its event streams into the stores. Events only carry changes, so whenever the
 * link (re)opens the stores reload everything they show: nothing the page missed while it was away stays wrong.
 */
export function boot(): void {
  const handle = connectApi();
  setApiHandle(handle);
  const { api } = handle;
  const conn = useConnection.getState();
  conn.setMode(handle.mode);
  conn.setLink(handle.status());

  api.onWatchUpdate((u) => ingestWatchUpdate(u));
  api.onConnectionState((s) => useConnection.getState().setDeviceLink(s));
  api.onProjectState((s) => useProject.getState().setState(s));
  api.onSerialPorts((list) => useSerial.getState().set(list, true));
  api.onScanProgress((p) => useScan.getState().ingest(p));
  api.onDevicesChanged((list) => {
    useDevices.getState().setDevices(list);
    // Watches have no event of their own; they change with the project, which is when devices.changed fires.
    void useDevices.getState().refreshWatches();
  });

  const reload = () => {
    void useProject.getState().refresh();
    void useProject.getState().loadRecent();
    void useDevices
      .getState()
      .refresh()
      .then(() => {
        if (useDevices.getState().watches.length > 0) useUi.getState().suggest('live');
      });
  };
  let wasUp = false;
  const onLink = (s: ReturnType<typeof handle.status>) => {
    useConnection.getState().setLink(s);
    const up = s.kind === 'open' || s.kind === 'ipc';
    if (up && !wasUp) reload();
    wasUp = up;
  };
  handle.onStatus(onLink);
  onLink(handle.status());
  startTagFeed(handle);
  startTrendFollow(handle);

  // Forget live values and link states of watches and connections that left the project.
  useDevices.subscribe((d, prev) => {
    if (d.watches !== prev.watches) useLive.getState().prune(new Set(d.watches.map((w) => w.id)));
    if (d.connections !== prev.connections) useConnection.getState().pruneDeviceLinks(new Set(d.connections.map((c) => c.id)));
  });
}
