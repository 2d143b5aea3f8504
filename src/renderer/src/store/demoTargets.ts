import type { FieldbenchApi } from '../../../shared/api';
import { useCip } from './cip';
import { useOpcUa } from './opcua';

type Demos = Awaited<ReturnType<FieldbenchApi['appInfo']>>['demos'];

/**
 * When the host started the demo peers (web mode, `npm start`), the OPC UA and EtherNet/IP screens open on them, so a
 * first look shows something real. A field the operator already typed in is left alone.
 */
export function prefillDemoTargets(demos: Demos | undefined): void {
  if (!demos) return;
  const ua = useOpcUa.getState();
  if (demos.opcuaUrl && !ua.discovery && ua.url === 'opc.tcp://127.0.0.1:4840') ua.setUrl(demos.opcuaUrl);
  const cip = useCip.getState();
  if (demos.cip && cip.host === '') cip.setEndpoint(demos.cip.host, String(demos.cip.port));
}
