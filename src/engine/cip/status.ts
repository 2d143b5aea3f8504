/** CIP general status codes (Vol. 1, appendix B) and the Logix extended statuses, named for errors and quality. */

const GENERAL: Record<number, string> = {
  0x01: 'connection failure',
  0x02: 'resource unavailable',
  0x03: 'invalid parameter value',
  0x04: 'path segment error',
  0x05: 'path destination unknown',
  0x06: 'partial transfer',
  0x07: 'connection lost',
  0x08: 'service not supported',
  0x09: 'invalid attribute value',
  0x0a: 'attribute list error',
  0x0b: 'already in requested mode/state',
  0x0c: 'object state conflict',
  0x0d: 'object already exists',
  0x0e: 'attribute not settable',
  0x0f: 'privilege violation',
  0x10: 'device state conflict',
  0x11: 'reply data too large',
  0x12: 'fragmentation of a primitive value',
  0x13: 'not enough data',
  0x14: 'attribute not supported',
  0x15: 'too much data',
  0x16: 'object does not exist',
  0x17: 'service fragmentation sequence not in progress',
  0x18: 'no stored attribute data',
  0x19: 'store operation failure',
  0x1a: 'routing failure, request packet too large',
  0x1b: 'routing failure, response packet too large',
  0x1c: 'missing attribute list entry data',
  0x1d: 'invalid attribute value list',
  0x1e: 'embedded service error',
  0x1f: 'vendor specific error',
  0x20: 'invalid parameter',
  0x21: 'write-once value or medium already written',
  0x22: 'invalid reply received',
  0x25: 'key failure in path',
  0x26: 'path size invalid',
  0x27: 'unexpected attribute in list',
  0x28: 'invalid member ID',
  0x29: 'member not settable',
};

/** Logix extended statuses under general status 0xFF (and a few under 0x01 from the Connection Manager). */
const EXTENDED: Record<number, string> = {
  0x0100: 'connection in use or duplicate Forward Open',
  0x0103: 'transport class and trigger combination not supported',
  0x0106: 'ownership conflict',
  0x0107: 'connection not found',
  0x0108: 'invalid network connection parameter',
  0x0109: 'invalid connection size',
  0x0111: 'requested RPI not supported',
  0x0113: 'out of connections',
  0x0114: 'vendor ID or product code mismatch',
  0x0115: 'device type mismatch',
  0x0116: 'revision mismatch',
  0x0117: 'invalid produced or consumed application path',
  0x0118: 'invalid or inconsistent configuration application path',
  0x0203: 'connection timed out',
  0x0204: 'unconnected request timed out',
  0x0311: 'invalid port in the route path',
  0x0312: 'invalid link address in the route path',
  0x0315: 'invalid segment in the connection path',
  0x2104: 'offset beyond the end of the tag',
  0x2105: 'number of elements beyond the end of the tag',
  0x2107: 'data type does not match the tag',
};

export interface CipStatus {
  general: number;
  extended: number[];
}

const hex = (n: number, w: number) => `0x${n.toString(16).toUpperCase().padStart(w, '0')}`;

/** "CIP status 0x05 (path destination unknown)", with the extended status when there is one. */
export function cipStatusName(s: CipStatus): string {
  let text = `CIP status ${hex(s.general, 2)} (${GENERAL[s.general] ?? 'unknown status'})`;
  if (s.extended.length) {
    const ext = s.extended[0]!;
    text += `, extended ${hex(ext, 4)}${EXTENDED[ext] ? ` (${EXTENDED[ext]})` : ''}`;
  }
  return text;
}

/** General status 0x06 is data (partial transfer) to read on, not a failure. */
export function isCipError(general: number): boolean {
  return general !== 0 && general !== 0x06;
}
