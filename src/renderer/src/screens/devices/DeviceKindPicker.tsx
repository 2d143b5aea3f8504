export type DeviceKind = 'tcp' | 'rtu' | 'rtu-over-tcp';

const KINDS: { id: DeviceKind; label: string; title: string }[] = [
  { id: 'tcp', label: 'Modbus TCP', title: 'Ethernet device or TCP-to-RTU gateway, port 502' },
  { id: 'rtu', label: 'Modbus RTU (serial)', title: 'RS-485/RS-232 bus on a serial port or USB adapter' },
  { id: 'rtu-over-tcp', label: 'RTU over TCP', title: 'RTU frames tunnelled through a serial device server' },
];

/** Segmented choice of the connection kind; arrow keys move between the options (native radio group). */
export function DeviceKindPicker({ kind, onChange }: { kind: DeviceKind; onChange: (k: DeviceKind) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Connection kind">
      {KINDS.map((k) => (
        <label key={k.id} className={`seg ${kind === k.id ? 'on' : ''}`} title={k.title}>
          <input type="radio" name="device-kind" value={k.id} data-testid={`device-kind-${k.id}`} checked={kind === k.id} onChange={() => onChange(k.id)} />
          {k.label}
        </label>
      ))}
    </div>
  );
}
