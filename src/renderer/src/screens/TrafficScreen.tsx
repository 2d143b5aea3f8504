import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TrafficEntry } from '../../../shared/schemas/traffic';
import { VirtualList } from '../components/VirtualList';
import { connectionLabel, shortConnectionLabel } from '../lib/connection';
import { formatClockMs } from '../lib/format';
import { useDevices } from '../store/devices';
import { followTraffic, matches, parseUnit, TRAFFIC_CAP, useTraffic } from '../store/traffic';
import { TrafficHeader, TrafficRow, TRAFFIC_ROW_HEIGHT } from './traffic/TrafficRow';
import { TrafficToolbar } from './traffic/TrafficToolbar';

/** Every Modbus frame in and out, newest at the bottom, filtered on the page as the engine filters the export. */
export function TrafficScreen() {
  const rows = useTraffic((s) => s.rows);
  const filter = useTraffic((s) => s.filter);
  const paused = useTraffic((s) => s.paused);
  const loading = useTraffic((s) => s.loading);
  const dropped = useTraffic((s) => s.dropped);
  const connections = useDevices((s) => s.connections);
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => followTraffic(), []);

  /** Full labels for the filter and the detail line, short ones for the column. */
  const labels = useMemo(() => new Map(connections.map((c) => [c.id, connectionLabel(c)])), [connections]);
  const short = useMemo(() => new Map(connections.map((c) => [c.id, shortConnectionLabel(c)])), [connections]);

  const shown = useMemo(() => {
    const unit = parseUnit(filter.unit);
    const text = filter.text.trim().toLowerCase();
    if (!filter.connectionId && unit === undefined && !filter.onlyErrors && !text) return rows;
    return rows.filter((e) => matches(e, filter, unit, text));
  }, [rows, filter]);

  const connectionOptions = useMemo(() => {
    const ids = new Set(connections.map((c) => c.id));
    for (const r of rows) ids.add(r.connectionId);
    return [...ids].map((id) => ({ id, label: labels.get(id) ?? `${id} (removed)` }));
  }, [connections, rows, labels]);

  const select = useCallback((id: number) => setSelected(id), []);
  const picked = selected === null ? undefined : shown.find((e) => e.id === selected);

  return (
    <div className="screen traffic-screen" data-testid="screen-traffic">
      <div className="screen-head screen-head-row">
        <div>
          <h1>Traffic</h1>
          <p className="muted">Every Modbus frame in and out of this engine (the last {TRAFFIC_CAP.toLocaleString('en')}). Scroll up to stop following; End or the button jumps back.</p>
        </div>
      </div>
      <TrafficToolbar connections={connectionOptions} />
      <div className="traffic-status" data-testid="traffic-status">
        <span data-testid="traffic-count" data-shown={shown.length} data-total={rows.length}>
          {shown.length === rows.length ? `${rows.length.toLocaleString('en')} frames` : `${shown.length.toLocaleString('en')} of ${rows.length.toLocaleString('en')} frames match`}
        </span>
        {dropped > 0 ? <span className="muted"> · {dropped.toLocaleString('en')} older frames dropped</span> : null}
        {paused ? (
          <span className="paused-chip" data-testid="traffic-paused">
            Paused: new frames are not recorded (polling goes on)
          </span>
        ) : null}
        {loading ? <span className="muted"> · loading…</span> : null}
        <span className="grow" />
        {follow ? (
          <span className="muted" data-testid="traffic-following">
            following newest
          </span>
        ) : (
          <button type="button" data-testid="traffic-jump" onClick={() => setFollow(true)}>
            ↓ Jump to newest
          </button>
        )}
      </div>
      <div className="traffic-table">
        <TrafficHeader />
        {shown.length === 0 && !loading ? (
          <p className="empty traffic-empty" data-testid="traffic-empty">
            {rows.length === 0 ? (paused ? 'Recording is paused.' : 'No frames yet. Add a watch on a device and its polls show up here.') : 'No frame matches the filter.'}
          </p>
        ) : null}
        <VirtualList
          count={shown.length}
          rowHeight={TRAFFIC_ROW_HEIGHT}
          follow={follow}
          onFollowChange={setFollow}
          className="traffic-list"
          testId="traffic-list"
          ariaLabel="Frames"
          renderRow={(i, style) => {
            const e = shown[i]!;
            return <TrafficRow key={e.id} entry={e} connection={short.get(e.connectionId) ?? e.connectionId} fullConnection={labels.get(e.connectionId)} top={style.top} height={style.height} selected={e.id === selected} onSelect={select} />;
          }}
        />
      </div>
      {picked ? <FrameDetail entry={picked} connection={labels.get(picked.connectionId) ?? picked.connectionId} /> : null}
    </div>
  );
}

/** The selected frame in full: every decoded field and the whole hex. */
function FrameDetail({ entry: e, connection }: { entry: TrafficEntry; connection: string }) {
  return (
    <div className="frame-detail" data-testid="traffic-detail">
      <span className="mono">#{e.id}</span>
      <span className="mono">{formatClockMs(e.at)}</span>
      <span>{connection}</span>
      <span className={`dir dir-${e.dir}`}>{e.dir.toUpperCase()}</span>
      {e.transactionId !== undefined ? <span className="mono">tid {e.transactionId}</span> : null}
      <span>{e.text}</span>
      {e.values && e.values.length ? <span className="mono">values {e.values.slice(0, 16).join(', ')}{e.values.length > 16 ? ' …' : ''}</span> : null}
      <span className="mono hex-full">{e.hex}</span>
    </div>
  );
}
