/** Standard Modbus exception codes (Modbus Application Protocol v1.1b3, section 7), for labels in the UI. */
const NAMES: Record<number, string> = {
  0x01: 'illegal function',
  0x02: 'illegal data address',
  0x03: 'illegal data value',
  0x04: 'server device failure',
  0x05: 'acknowledge',
  0x06: 'server device busy',
  0x08: 'memory parity error',
  0x0a: 'gateway path unavailable',
  0x0b: 'gateway target failed to respond',
};

/** "0x02" -> "illegal data address"; unknown codes say so. */
export function exceptionName(code: string | number): string {
  const n = typeof code === 'number' ? code : parseInt(code.replace(/^0x/i, ''), 16);
  return NAMES[n] ?? 'unknown exception';
}
