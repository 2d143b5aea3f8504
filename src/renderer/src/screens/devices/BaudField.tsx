import { BAUD_PRESETS } from '../../lib/serial';

const CUSTOM = 'custom';

/** Baud rate: the usual presets, or any rate the engine accepts (300–921600) typed by hand. */
export function BaudField(props: { value: string; custom: boolean; onChange: (value: string, custom: boolean) => void; error?: string | undefined; testId: string }) {
  const { value, custom, onChange, testId } = props;
  const id = `f-${testId}`;
  return (
    <div className={`field w-baud ${props.error ? 'has-error' : ''}`}>
      <label htmlFor={id}>Baud</label>
      <div className="field-input">
        <select
          id={id}
          data-testid={testId}
          value={custom ? CUSTOM : value}
          onChange={(e) => (e.target.value === CUSTOM ? onChange(value, true) : onChange(e.target.value, false))}
        >
          {BAUD_PRESETS.map((b) => (
            <option key={b} value={String(b)}>
              {b}
            </option>
          ))}
          <option value={CUSTOM}>Custom…</option>
        </select>
        {custom ? (
          <input
            data-testid={`${testId}-custom`}
            aria-label="Custom baud rate"
            className="mono w-baud-custom"
            inputMode="numeric"
            value={value}
            autoFocus
            onChange={(e) => onChange(e.target.value, true)}
          />
        ) : null}
      </div>
      {props.error ? (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {props.error}
        </div>
      ) : null}
    </div>
  );
}
