import { useEffect, useState } from 'react';
import type { SerialPortInfo } from '../../../../shared/schemas/serial';
import { useSerial } from '../../store/serial';

const OTHER = '__other__';

/** "COM5 — USB-RS485 (FTDI FT232R)": the path first, as Device Manager and dmesg name it, then what it is. */
function optionLabel(p: SerialPortInfo): string {
  const name = p.friendlyName.replace(` — ${p.path}`, '').replace(`(${p.path})`, '').trim();
  return name && name !== p.path ? `${p.path} — ${name}` : p.path;
}

function AdapterBadge({ port }: { port: SerialPortInfo }) {
  if (!port.adapter) return <span className="badge badge-plain">serial</span>;
  return (
    <span className={`badge badge-${port.adapter.toLowerCase()}`} data-testid="adapter-badge" title={port.vendorId ? `USB ${port.vendorId}:${port.productId ?? '?'}` : undefined}>
      {port.adapter}
    </span>
  );
}

/**
 * Pick a serial port from what the engine lists (friendly name, adapter family), or type a path for anything it
 * cannot see (a socat pseudo-terminal, a port on a device server). The list follows hot-plug events.
 */
export function SerialPortPicker(props: { value: string; onChange: (path: string) => void; error?: string | undefined; testId: string; label?: string }) {
  const { value, onChange, testId } = props;
  const list = useSerial((s) => s.list);
  const loading = useSerial((s) => s.loading);
  const loadError = useSerial((s) => s.error);
  const refresh = useSerial((s) => s.refresh);
  const ports = list?.ports ?? [];
  const [manual, setManual] = useState(false);
  /** The last path taken from the list, to tell "unplugged" from "typed by hand". */
  const [fromList, setFromList] = useState('');

  useEffect(() => {
    if (!list) void refresh();
  }, [list, refresh]);

  // Nothing chosen yet: take the first recognised adapter (the list puts them first), so one click is enough.
  useEffect(() => {
    if (!manual && value === '' && ports.length > 0) {
      setFromList(ports[0]!.path);
      onChange(ports[0]!.path);
    }
  }, [manual, value, ports, onChange]);

  const known = ports.find((p) => p.path === value);
  const typing = manual || !known;
  const unplugged = !known && value !== '' && value === fromList;
  const selectValue = typing ? OTHER : value;
  const id = `f-${testId}-select`;

  return (
    <div className={`field w-port ${props.error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{props.label ?? 'Serial port'}</label>
      <div className="field-input">
        <select
          id={id}
          data-testid={`${testId}-select`}
          value={selectValue}
          onChange={(e) => {
            if (e.target.value === OTHER) {
              setManual(true);
              if (known) onChange('');
            } else {
              setManual(false);
              setFromList(e.target.value);
              onChange(e.target.value);
            }
          }}
        >
          {ports.map((p) => (
            <option key={p.path} value={p.path}>
              {optionLabel(p)}
            </option>
          ))}
          <option value={OTHER}>{ports.length ? 'Other: type a path…' : loading ? 'Listing ports…' : 'No ports found: type a path…'}</option>
        </select>
        <button type="button" className="icon-btn" title="List the ports again" aria-label="List the serial ports again" disabled={loading} onClick={() => void refresh()}>
          ↻
        </button>
      </div>
      {typing ? (
        <input
          data-testid={`${testId}-path`}
          aria-label="Serial port path"
          aria-invalid={props.error ? true : undefined}
          className="mono port-path"
          value={value}
          placeholder="COM3 or /dev/ttyUSB0"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      ) : null}
      <div className="port-info">
        {known ? (
          <>
            <AdapterBadge port={known} />
            {known.manufacturer ? <span className="muted"> {known.manufacturer}</span> : null}
            {known.vendorId ? <span className="muted mono"> {`${known.vendorId}:${known.productId ?? '?'}`}</span> : null}
            {known.serialNumber ? <span className="muted"> s/n {known.serialNumber}</span> : null}
            {!known.adapter && !known.manufacturer ? <span className="muted"> no USB adapter recognised</span> : null}
          </>
        ) : unplugged ? (
          <span className="warn-inline" data-testid={`${testId}-gone`}>
            no longer in the port list: unplugged?
          </span>
        ) : null}
      </div>
      {props.error ? (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {props.error}
        </div>
      ) : null}
      {list?.note ? (
        <div className="field-warn port-note" data-testid={`${testId}-note`} title={list.note}>
          {list.note}
        </div>
      ) : null}
      {loadError ? <div className="field-warn">Could not list ports: {loadError}</div> : null}
    </div>
  );
}
