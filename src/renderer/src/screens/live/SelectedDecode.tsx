import { decodeRegisters } from '../../../../shared/codec/registers';
import { TABLE_INFO, toConventional } from '../../../../shared/modbus/tables';
import type { Watch } from '../../../../shared/project/schema';
import type { WatchLive } from '../../store/live';

/** The selected register decoded a few more ways, with the next register for 32-bit types. */
export function SelectedDecode({ watch, live, offset, address }: { watch: Watch; live: WatchLive | undefined; offset: number; address: number }) {
  if (TABLE_INFO[watch.table].bits) return null;
  const a = live?.values[offset];
  const b = live?.values[offset + 1];
  const label = toConventional(watch.table, address);
  if (a === undefined) {
    return (
      <div className="decode-strip muted" data-testid="decode-strip">
        {label}: no value yet
      </div>
    );
  }
  const pair = b === undefined ? null : [a, b];
  const f = (v: number | boolean) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(7)) : String(v));
  return (
    <div className="decode-strip" data-testid="decode-strip">
      <span className="strong mono">{label}</span>
      <span className="muted">wire {address}</span>
      <span>
        bits <span className="mono">{a.toString(2).padStart(16, '0').replace(/(\d{4})(?=\d)/g, '$1 ')}</span>
      </span>
      {pair ? (
        <>
          <span>
            float32 ABCD <span className="mono">{f(decodeRegisters(pair, 'float32', 'ABCD'))}</span>
          </span>
          <span>
            CDAB <span className="mono">{f(decodeRegisters(pair, 'float32', 'CDAB'))}</span>
          </span>
          <span>
            int32 ABCD <span className="mono">{f(decodeRegisters(pair, 'int32', 'ABCD'))}</span>
          </span>
          <span>
            uint32 CDAB <span className="mono">{f(decodeRegisters(pair, 'uint32', 'CDAB'))}</span>
          </span>
        </>
      ) : (
        <span className="muted">32-bit views need the next register in the range</span>
      )}
    </div>
  );
}
