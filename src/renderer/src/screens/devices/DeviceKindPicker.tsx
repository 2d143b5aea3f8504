export type ModbusKind = 'tcp' | 'rtu' | 'rtu-over-tcp';
export type DeviceKind = ModbusKind | 'opcua' | 'cip';

const KINDS: { id: DeviceKind; label: string; title: string }[] = [
  { id: 'tcp', label: 'Modbus TCP', title: 'Ethernet device or TCP-to-RTU gateway, port 502' },
  { id: 'rtu', label: 'Modbus RTU (serial)', title: 'RS-485/RS-232 bus on a serial port or USB adapter' },
  { id: 'rtu-over-tcp', label: 'RTU over TCP', title: 'RTU frames tunnelled through a serial device server' },
  { id: 'opcua', label: 'OPC UA', title: 'An OPC UA server: added on the OPC UA screen (endpoint, security, certificate trust)' },
  { id: 'cip', label: 'EtherNet/IP', title: 'A Logix controller: added on the EtherNet/IP screen (find on subnet, route path)' },
];

export function isModbusKind(k: DeviceKind): k is ModbusKind {
  return k === 'tcp' || k === 'rtu' || k === 'rtu-over-tcp';
}

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
