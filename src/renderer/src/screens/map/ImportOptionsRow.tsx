import type { ImportDraft, AddressChoice } from '../../store/importer';
import { useImporter } from '../../store/importer';

/** Where the tags go (ISA-95 device path), how addresses count, and which sheet of a workbook is read. */
export function ImportOptionsRow({ draft }: { draft: ImportDraft }) {
  const setDevicePath = useImporter((s) => s.setDevicePath);
  const setAddress = useImporter((s) => s.setAddress);
  const setSheet = useImporter((s) => s.setSheet);
  const sheets = draft.source?.kind === 'table' ? draft.source.sheetNames : [];
  const current = draft.source?.kind === 'table' ? draft.source.sheet : undefined;
  const isTable = draft.source?.kind === 'table';
  // A Kepware export read as Kepware: its addresses say their own table and base; only the word order is open.
  const kepware = draft.source?.format === 'kepware-csv' && Object.keys(draft.user).length === 0;
  return (
    <div className="import-options">
      {sheets.length > 0 ? (
        <label className="inline-field">
          Sheet
          <select value={current ?? ''} onChange={(e) => setSheet(e.target.value)} data-testid="import-sheet">
            {sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="inline-field" title="Site/Area/Line/Cell/Device: the tags' paths start with it (Sparkplug and OPC UA names)">
        Path
        <input className="w-path mono" value={draft.devicePath} onChange={(e) => setDevicePath(e.target.value)} spellCheck={false} data-testid="import-path" />
      </label>
      {isTable && !kepware ? (
        <>
          <label className="inline-field" title="How addresses without a table digit count (17, 0x11)">
            Plain addresses
            <select value={draft.address.plainBase} onChange={(e) => setAddress({ plainBase: e.target.value as AddressChoice['plainBase'] })} data-testid="import-plain-base">
              <option value="auto">auto (from 0 unless the header says)</option>
              <option value="0">count from 0 (wire address)</option>
              <option value="1">count from 1 (register number)</option>
            </select>
          </label>
          <label className="inline-field" title="What a 5-digit number such as 40001 means">
            5-digit
            <select value={draft.address.fiveDigit} onChange={(e) => setAddress({ fiveDigit: e.target.value as AddressChoice['fiveDigit'] })} data-testid="import-five-digit">
              <option value="auto">decide from the file</option>
              <option value="conventional">40001 = holding register 1 (wire 0)</option>
              <option value="offset">40001 = a plain number (SunSpec style)</option>
            </select>
          </label>
        </>
      ) : null}
      {kepware ? (
        <label className="inline-field" title={'A Kepware export does not carry the device\'s word order ("first word low" is a device setting in KEPServerEX)'}>
          Word order
          <select value={draft.address.kepwareOrder} onChange={(e) => setAddress({ kepwareOrder: e.target.value as AddressChoice['kepwareOrder'] })} data-testid="import-kepware-order">
            <option value="auto">CDAB, assumed: Kepware&apos;s default</option>
            <option value="CDAB">CDAB (first word low)</option>
            <option value="ABCD">ABCD (first word high)</option>
            <option value="BADC">BADC (bytes swapped)</option>
            <option value="DCBA">DCBA (little-endian)</option>
          </select>
        </label>
      ) : null}
      <DeviceMarkerCheck />
    </div>
  );
}

/**
 * Holds the map against the device itself: SunSpec discovery (reads only) says where the device has its "SunS"
 * marker, and a map one register off from it is flagged above. Discovery on the SunSpec panel counts too.
 */
function DeviceMarkerCheck() {
  const deviceId = useImporter((s) => s.deviceId);
  const marker = useImporter((s) => (s.deviceId ? s.markers[s.deviceId] : undefined));
  const checking = useImporter((s) => s.checkingMarker);
  const check = useImporter((s) => s.checkMarker);
  if (!deviceId) return null;
  return (
    <span className="inline-field device-marker" data-testid="import-device-marker" data-state={marker?.kind ?? 'unknown'}>
      <button
        type="button"
        className="quiet"
        disabled={checking}
        onClick={() => void check()}
        data-testid="import-check-device"
        title={'Reads holding registers 40001, 440001 and 450001 of the device (no writes) to find its SunSpec marker "SunS"; a map one register off from it gets a warning'}
      >
        {checking ? 'Asking the device…' : marker ? 'Ask the device again' : 'Check against the device'}
      </button>
      {marker?.kind === 'found' ? (
        <span className="muted">
          the device has “SunS” at wire address <span className="mono">{marker.base}</span>: the map is held against it
        </span>
      ) : marker?.kind === 'none' ? (
        <span className="muted" title={marker.reason}>
          no SunSpec marker found ({marker.reason})
        </span>
      ) : null}
    </span>
  );
}
