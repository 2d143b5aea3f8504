import '../../styles/cip.css';
import { ControllerPanel } from './ControllerPanel';
import { TagBrowser } from './TagBrowser';

/** EtherNet/IP: identify a Logix controller, add it, list its tags and UDT members, and take them as tags. */
export function CipScreen() {
  return (
    <div className="screen cip-screen" data-testid="screen-cip">
      <div className="screen-head">
        <h1>EtherNet/IP</h1>
        <p className="muted">Identify a Logix controller by its address, add it with its route path, list its tags and UDT members and add them as tags; they show in Live › Tags beside Modbus and OPC UA tags.</p>
      </div>
      <ControllerPanel />
      <TagBrowser />
    </div>
  );
}
