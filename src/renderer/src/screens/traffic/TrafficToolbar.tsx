import { useState } from 'react';
import { api } from '../../api';
import { downloadText } from '../../lib/download';
import { reportError, reportInfo } from '../../store/notices';
import { contractFilter, parseUnit, useTraffic } from '../../store/traffic';

/** Filter, pause/resume, clear and CSV export of the traffic log. */
export function TrafficToolbar({ connections }: { connections: readonly { id: string; label: string }[] }) {
  const filter = useTraffic((s) => s.filter);
  const setFilter = useTraffic((s) => s.setFilter);
  const paused = useTraffic((s) => s.paused);
  const setPaused = useTraffic((s) => s.setPaused);
  const clear = useTraffic((s) => s.clear);
  const [confirmClear, setConfirmClear] = useState(false);
  const [exporting, setExporting] = useState(false);
  const unitBad = filter.unit.trim() !== '' && parseUnit(filter.unit) === undefined;

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { fileName, csv } = await api().trafficExportCsv(contractFilter(filter));
      downloadText(fileName, csv);
      reportInfo(`Exported ${Math.max(0, csv.split('\r\n').length - 2)} frames to ${fileName}`);
    } catch (err) {
      reportError('Could not export the traffic log', err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="traffic-toolbar" data-testid="traffic-toolbar">
      <input
        type="search"
        className="w-filter"
        data-testid="traffic-filter"
        aria-label="Filter frames by text or hex"
        placeholder="Filter: text or hex (e.g. exception, 01 03)"
        value={filter.text}
        onChange={(e) => setFilter({ text: e.target.value })}
      />
      <select data-testid="traffic-connection" aria-label="Connection" value={filter.connectionId} onChange={(e) => setFilter({ connectionId: e.target.value })}>
        <option value="">All connections</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
      <label className="inline-field">
        Unit
        <input
          data-testid="traffic-unit"
          className={`w-unit mono ${unitBad ? 'bad-input' : ''}`}
          inputMode="numeric"
          aria-invalid={unitBad || undefined}
          title={unitBad ? 'a unit id is 0–255' : 'Only frames of this unit id'}
          value={filter.unit}
          placeholder="all"
          onChange={(e) => setFilter({ unit: e.target.value })}
        />
      </label>
      <label className="check">
        <input type="checkbox" data-testid="traffic-errors" checked={filter.onlyErrors} onChange={(e) => setFilter({ onlyErrors: e.target.checked })} />
        Errors only
      </label>
      <span className="toolbar-sep" />
      <button type="button" data-testid="traffic-pause" className={paused ? 'primary' : ''} onClick={() => void setPaused(!paused)} title={paused ? 'Record frames again' : 'Stop recording frames (polling goes on)'}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      {confirmClear ? (
        <span className="confirm-inline">
          <button
            type="button"
            className="danger"
            data-testid="traffic-clear-confirm"
            onClick={() => {
              setConfirmClear(false);
              void clear();
            }}
          >
            Clear log
          </button>
          <button type="button" autoFocus onClick={() => setConfirmClear(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" data-testid="traffic-clear" onClick={() => setConfirmClear(true)}>
          Clear…
        </button>
      )}
      <button type="button" data-testid="traffic-export" disabled={exporting} onClick={() => void exportCsv()} title="The frames that match the filter, as CSV">
        {exporting ? 'Exporting…' : 'Export CSV'}
      </button>
    </div>
  );
}
