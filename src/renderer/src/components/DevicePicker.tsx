import type { Device } from '../../../shared/project/schema';

/** Which of the project's devices a browser shows; nothing while there is none. */
export function DevicePicker(props: { label: string; devices: readonly Device[]; value: string | null; onPick: (deviceId: string | null) => void; testId: string }) {
  if (!props.devices.length) return null;
  return (
    <label className="inline-field">
      {props.label}{' '}
      <select value={props.value ?? ''} onChange={(e) => props.onPick(e.target.value || null)} data-testid={props.testId}>
        {props.devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
