import type { Connection, Device } from '../../../../shared/project/schema';

/** A Logix route path in words: "1,0" is the backplane (port 1), slot 0; none is a Micro800 (no backplane hop). */
export function routeText(routePath: string): { short: string; long: string } {
  if (routePath === '') return { short: 'no route', long: 'no route path (a Micro800 or a controller addressed directly)' };
  const parts = routePath.split(',');
  if (parts.length === 2 && parts[0] === '1') return { short: `slot ${parts[1]}`, long: `route path ${routePath}: backplane, slot ${parts[1]}` };
  return { short: `route ${routePath}`, long: `route path ${routePath}` };
}

/**
 * What a device row says of how the device is reached beyond its address: the protocol, and the Modbus unit id, the
 * EtherNet/IP route path (slot) or the OPC UA endpoint's security mode.
 */
export function protocolCell(d: Device, c: Connection | undefined): { protocol: string; detail: string; title: string } {
  if (d.protocol === 'modbus') return { protocol: 'Modbus', detail: `unit ${d.unitId}`, title: `Modbus unit id ${d.unitId}` };
  if (d.protocol === 'cip') {
    if (c?.kind !== 'cip') return { protocol: 'EtherNet/IP', detail: '', title: 'EtherNet/IP' };
    const r = routeText(c.routePath);
    return { protocol: 'EtherNet/IP', detail: r.short, title: `EtherNet/IP · ${r.long}` };
  }
  if (c?.kind !== 'opcua') return { protocol: 'OPC UA', detail: '', title: 'OPC UA' };
  const policy = c.securityPolicy === 'None' ? '' : `, policy ${c.securityPolicy}`;
  return { protocol: 'OPC UA', detail: c.securityMode === 'None' ? 'no security' : c.securityMode, title: `OPC UA · security mode ${c.securityMode}${policy} · ${c.identity.kind === 'anonymous' ? 'anonymous' : c.identity.kind === 'username' ? `user ${c.identity.userName}` : 'certificate'} login` };
}
