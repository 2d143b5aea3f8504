import { PARITIES, silenceHint, type ParityName } from '../../lib/serial';
import { BaudField } from './BaudField';
import { SerialPortPicker } from './SerialPortPicker';
import type { Fields } from './formUtils';

export interface LineForm {
  path: string;
  baud: string;
  customBaud: boolean;
  dataBits: '7' | '8';
  parity: ParityName;
  stopBits: '1' | '2';
  rtsToggle: boolean;
  echo: boolean;
}

/** The Modbus spec's default line: 19200 8E1. */
export const DEFAULT_LINE: LineForm = { path: '', baud: '19200', customBaud: false, dataBits: '8', parity: 'even', stopBits: '1', rtsToggle: false, echo: false };

function Select<T extends string>(props: { label: string; testId: string; value: T; options: readonly T[]; onChange: (v: T) => void; className: string; labels?: Partial<Record<T, string>> }) {
  const id = `f-${props.testId}`;
  return (
    <div className={`field ${props.className}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Serial port and line settings of an RTU bus, with the inter-frame silence they imply. */
export function RtuLineFields(props: { line: LineForm; onChange: (patch: Partial<LineForm>) => void; errors: Fields }) {
  const { line, onChange, errors } = props;
  const silence = silenceHint(Number(line.baud), Number(line.dataBits), line.parity, Number(line.stopBits));
  return (
    <div className="line-fields">
      <SerialPortPicker testId="device-serial" value={line.path} onChange={(path) => onChange({ path })} error={errors['path']} />
      <BaudField testId="device-baud" value={line.baud} custom={line.customBaud} onChange={(b, custom) => onChange({ baud: b, customBaud: custom })} error={errors['baud']} />
      <Select label="Data bits" testId="device-databits" className="w-tiny" value={line.dataBits} options={['8', '7'] as const} onChange={(dataBits) => onChange({ dataBits })} />
      <Select label="Parity" testId="device-parity" className="w-parity" value={line.parity} options={PARITIES} onChange={(parity) => onChange({ parity })} labels={{ none: 'None', even: 'Even', odd: 'Odd' }} />
      <Select label="Stop bits" testId="device-stopbits" className="w-tiny" value={line.stopBits} options={['1', '2'] as const} onChange={(stopBits) => onChange({ stopBits })} />
      <div className="field w-rts">
        <span className="field-label-spacer" aria-hidden="true" />
        <label className="check">
          <input type="checkbox" data-testid="device-rts" checked={line.rtsToggle} onChange={(e) => onChange({ rtsToggle: e.target.checked })} />
          RTS toggle
        </label>
        <div className="field-hint">DE/RE driven by RTS</div>
      </div>
      <div className="field w-rts">
        <span className="field-label-spacer" aria-hidden="true" />
        <label className="check" title="2-wire adapters without echo suppression hand back every frame they send; the engine then skips that copy">
          <input type="checkbox" data-testid="device-echo" checked={line.echo} onChange={(e) => onChange({ echo: e.target.checked })} />
          Adapter echoes
        </label>
        <div className="field-hint">hears its own frames</div>
      </div>
      <div className="field w-silence" data-testid="device-silence" title="Modbus RTU inter-frame silence the engine keeps between frames on this line">
        <span className="field-label">Frame gap</span>
        <span className="silence-value mono">{silence.value}</span>
        <div className="field-hint">{silence.why}</div>
      </div>
    </div>
  );
}
