import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { TABLE_INFO, toConventional } from '../../../shared/modbus/tables';
import type { Watch } from '../../../shared/project/schema';
import type { Quality } from '../../../shared/quality';
import { rangeLabel, wireRangeLabel } from '../lib/address';
import { formatAge, formatInterval } from '../lib/format';
import { useNow } from '../lib/useNow';
import { isLinkUp, useConnection } from '../store/connection';
import { useDevices } from '../store/devices';
import { useLive, type WatchLive } from '../store/live';
import { useUi } from '../store/ui';
import { LiveHead, LiveRow } from './live/LiveRows';
import { qualityText } from './live/quality';
import { useRowDisplays, type RowDisplay } from './live/rowDisplay';
import { SelectedDecode } from './live/SelectedDecode';
import { WriteDialog } from './live/WriteDialog';
import { focusOnArrival } from '../lib/focusOnArrival';
import { WriteLogButton } from './live/WriteLog';
import '../styles/live.css';

export function LiveScreen() {
  const watches = useDevices((s) => s.watches);
  const loaded = useDevices((s) => s.loaded);
  const go = useUi((s) => s.go);
  return (
    <div className="screen live-screen" data-testid="screen-live">
      <div className="screen-head screen-head-row">
        <div>
          <h1>Live</h1>
          <p className="muted">
            Watched register ranges, polled by the engine. Values refresh about five times a second; ↑ ↓ PgUp PgDn Home End move the selection, W writes the
            selected holding register or coil.
          </p>
        </div>
        <WriteLogButton />
      </div>
      {loaded && watches.length === 0 ? (
        <div className="empty panel">
          Nothing is being watched.{' '}
          <button type="button" className="link-btn" onClick={() => go('devices')}>
            Add a watch on the Devices screen
          </button>
        </div>
      ) : null}
      {watches.length > 1 ? <WatchSummary watches={watches} /> : null}
      {watches.map((w) => (
        <WatchPanel key={w.id} watch={w} capped={watches.length > 1} />
      ))}
    </div>
  );
}

/**
 * Shown quality: the engine's, except that nobody can vouch for a "Good" the page no longer hears about: while the
 * link to the engine is down it is uncertain, and one not refreshed for 3 poll intervals is stale.
 */
function shownQuality(live: WatchLive | undefined, stale: boolean, linkUp: boolean): Quality | undefined {
  if (!live) return undefined;
  if (live.quality.status !== 'good') {
    // With the engine out of reach nothing retries: the engine's countdown would go on saying it does.
    if (linkUp) return live.quality;
    const reason = (live.quality.reason ?? '').replace(/\s*\(retrying in [\d.]+ s\)$/, '');
    return { status: live.quality.status, reason: `${reason ? `${reason}; ` : ''}last known: the engine is not reachable` };
  }
  if (!linkUp) return { status: 'uncertain', reason: 'no connection to the engine' };
  if (stale) return { status: 'uncertain', reason: 'stale' };
  return live.quality;
}

/** One line per watch with its quality, to jump between ranges when there are several. */
function WatchSummary({ watches }: { watches: readonly Watch[] }) {
  const devices = useDevices((s) => s.devices);
  const byWatch = useLive((s) => s.byWatch);
  const linkUp = useConnection((s) => isLinkUp(s.link));
  const now = useNow();
  return (
    <nav className="watch-summary" aria-label="Watches">
      {watches.map((w) => {
        const live = byWatch[w.id];
        const stale = live?.goodAt != null ? now - live.goodAt > 3 * w.intervalMs : !!live;
        const q = shownQuality(live, stale, linkUp);
        return (
          <button
            key={w.id}
            type="button"
            className="summary-item"
            title={qualityText(q)}
            onClick={() => {
              const el = document.querySelector<HTMLElement>(`[data-watch-id="${w.id}"]`);
              el?.scrollIntoView({ block: 'start' });
              el?.querySelector<HTMLElement>('table')?.focus({ preventScroll: true });
            }}
          >
            <span className="strong">{devices.find((d) => d.id === w.deviceId)?.name ?? '?'}</span>{' '}
            <span className="mono">{rangeLabel(w.table, w.address, w.count)}</span>{' '}
            <span className={`quality ${q ? `q-${q.status}` : 'q-waiting'}`}>
              <span className="qmark" aria-hidden="true" />
              {qualityText(q)}
            </span>
          </button>
        );
      })}
    </nav>
  );
}

function WatchPanel({ watch, capped }: { watch: Watch; capped: boolean }) {
  const device = useDevices((s) => s.devices.find((d) => d.id === watch.deviceId));
  const removeWatch = useDevices((s) => s.removeWatch);
  const live = useLive((s) => s.byWatch[watch.id]);
  const linkUp = useConnection((s) => isLinkUp(s.link));
  useNow(); // re-render every second so ages tick between updates
  // Read the clock at render time: batches arrive between the 1 s ticks, and an age must never be measured
  // against a clock older than the value.
  const now = Date.now();
  const [selected, setSelected] = useState(0);
  const [removing, setRemoving] = useState(false);
  const [writing, setWriting] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => focusOnArrival(tableRef.current), []);
  const writable = watch.table === 'holding' || watch.table === 'coil';
  const closeWrite = useCallback(() => {
    setWriting(false);
    tableRef.current?.focus({ preventScroll: true });
  }, []);
  const rows = watch.count;

  const move = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(rows - 1, to));
      setSelected(next);
      const row = tableRef.current?.querySelector<HTMLTableRowElement>(`tr[data-offset="${next}"]`);
      row?.scrollIntoView({ block: 'nearest' });
    },
    [rows],
  );

  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    const page = 10;
    const keys: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, PageDown: selected + page, PageUp: selected - page, Home: 0, End: rows - 1 };
    if (writable && device && (e.key === 'w' || e.key === 'W') && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      setWriting(true);
      return;
    }
    const to = keys[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };

  useEffect(() => {
    if (selected >= rows) setSelected(Math.max(0, rows - 1));
  }, [rows, selected]);

  // Stale: the last good value is older than 3 poll intervals (bad reads, or no updates at all).
  const stale = live?.goodAt != null ? now - live.goodAt > 3 * watch.intervalMs : false;
  const ageText = live?.goodAt != null ? formatAge(now - live.goodAt) : '—';
  const q = shownQuality(live, stale, linkUp);
  const qClass = q ? `q-${q.status}` : 'q-waiting';
  const isBits = TABLE_INFO[watch.table].bits;
  const selectedAddress = watch.address + selected;

  const offsets = Array.from({ length: rows }, (_, i) => i);
  const displays = useRowDisplays((s) => s.byWatch[watch.id]);
  const setRowDisplay = useRowDisplays((s) => s.set);
  const setDisplay = useCallback((offset: number, d: RowDisplay) => setRowDisplay(watch.id, offset, d), [setRowDisplay, watch.id]);

  return (
    <section className="panel watch-panel" data-testid={`watch-${watch.id}`} data-watch-id={watch.id}>
      <header className="watch-head">
        <div className="watch-title">
          <span className="strong">{device?.name ?? 'Removed device'}</span>
          <span className="sep">·</span>
          <span>{TABLE_INFO[watch.table].label}</span>
          <span className="mono">{rangeLabel(watch.table, watch.address, watch.count)}</span>
          <span className="muted">
            wire <span className="mono">{wireRangeLabel(watch.address, watch.count)}</span> · {watch.count} {isBits ? 'bits' : 'registers'} · every{' '}
            {formatInterval(watch.intervalMs)}
          </span>
        </div>
        <div className="watch-stats">
          <span className={`qchip ${qClass}`} data-testid="watch-quality" title={qualityText(q)}>
            <span className="qmark" aria-hidden="true" />
            {qualityText(q)}
          </span>
          <span className="muted mono" title="Duration of the last poll and updates received (bad ones)">
            {live ? `${live.durationMs.toFixed(0)} ms · #${live.seq}${live.badUpdates ? ` · ${live.badUpdates} bad` : ''}` : 'no reply yet'}
          </span>
          {writable && device ? (
            <button type="button" data-testid="write-open" onClick={() => setWriting(true)} title="Write the selected register (W)">
              Write {toConventional(watch.table, selectedAddress)}…
            </button>
          ) : null}
          {removing ? (
            <span className="confirm-inline">
              <button type="button" className="danger" data-testid="watch-remove-confirm" onClick={() => void removeWatch(watch.id)}>
                Remove watch
              </button>
              <button type="button" autoFocus onClick={() => setRemoving(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="quiet" data-testid="watch-remove" onClick={() => setRemoving(true)}>
              Remove…
            </button>
          )}
        </div>
      </header>
      <SelectedDecode watch={watch} live={live} offset={selected} address={selectedAddress} />
      {writing && device && writable ? (
        <WriteDialog
          device={device}
          table={watch.table as 'holding' | 'coil'}
          address={selectedAddress}
          liveRaw={live && live.quality.status === 'good' ? live.values[selected] : undefined}
          onClose={closeWrite}
        />
      ) : null}
      <div className={`table-scroll ${capped ? 'capped' : ''}`}>
        <table
          ref={tableRef}
          className="grid live-table"
          data-testid="live-table"
          tabIndex={0}
          onKeyDown={onKey}
          aria-label={`${device?.name ?? ''} ${rangeLabel(watch.table, watch.address, watch.count)}`}
          aria-activedescendant={`r-${watch.id}-${selected}`}
        >
          <LiveHead bits={isBits} />
          <tbody>
            {offsets.map((i) => (
              <LiveRow
                key={i}
                id={`r-${watch.id}-${i}`}
                offset={i}
                label={toConventional(watch.table, watch.address + i)}
                wire={watch.address + i}
                bits={isBits}
                value={live?.values[i]}
                next={live?.values[i + 1]}
                display={displays?.[i] ?? 'uint16'}
                onDisplay={setDisplay}
                history={live?.history[i]}
                quality={q}
                ageText={ageText}
                stale={stale}
                selected={i === selected}
                onSelect={setSelected}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
