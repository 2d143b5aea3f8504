import { useConnection } from '../../store/connection';
import { useDevices } from '../../store/devices';

/** The session of the browsed server as the engine reports it: connecting, connected (mode, timeout), reconnecting, error. */
export function SessionState({ deviceId }: { deviceId: string }) {
  const connectionId = useDevices((s) => s.devices.find((d) => d.id === deviceId)?.connectionId);
  const state = useConnection((s) => (connectionId ? s.deviceLinks[connectionId] : undefined));
  if (!state) return <span className="muted small" data-testid="opcua-session" data-state="unknown">no session yet</span>;
  return (
    <span className={`small state-${state.state}`} data-testid="opcua-session" data-state={state.state} title={state.detail}>
      session {state.state}
      {state.detail ? <span className="state-detail"> · {state.detail.split(' · WARNING: ')[0]}</span> : null}
      {state.detail?.includes(' · WARNING: ') ? (
        <span className="tag-warn" data-testid="opcua-session-warning">
          {state.detail.split(' · WARNING: ')[1]}
        </span>
      ) : null}
    </span>
  );
}
