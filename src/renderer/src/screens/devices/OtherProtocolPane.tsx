import { useUi } from '../../store/ui';

const PANES = {
  opcua: {
    screen: 'opcua',
    title: 'OPC UA servers are added on the OPC UA screen',
    why: 'It asks the server for its endpoints, lets you pick the security mode and policy, trusts the server certificate and signs in; the server is added only once a session opens. Its tags are browsed there too.',
    button: 'Open the OPC UA screen',
  },
  cip: {
    screen: 'cip',
    title: 'EtherNet/IP controllers are added on the EtherNet/IP screen',
    why: 'It finds controllers on the subnet (List Identity), takes the route path to the CPU slot and opens a trial connection before it adds anything; the controller’s tag list is browsed there too.',
    button: 'Open the EtherNet/IP screen',
  },
} as const;

/**
 * OPC UA and EtherNet/IP devices have more to settle before they can be added (security and certificates; the
 * route path) than this form has room for: their own screens add them, and the device then lists here.
 */
export function OtherProtocolPane({ kind }: { kind: keyof typeof PANES }) {
  const go = useUi((s) => s.go);
  const p = PANES[kind];
  return (
    <div className="device-form other-protocol" data-testid="add-device-other" data-kind={kind}>
      <p className="strong">{p.title}</p>
      <p className="muted">{p.why} Added devices are listed below with their link state.</p>
      <button type="button" className="primary" data-testid={`device-go-${kind}`} onClick={() => go(p.screen)}>
        {p.button}
      </button>
    </div>
  );
}
