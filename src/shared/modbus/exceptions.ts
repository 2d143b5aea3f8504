/** Modbus exception codes and their names, as the spec names them (Modbus Application Protocol v1.1b3, §7). */
export const EXCEPTION_NAMES: Record<number, string> = {
  0x01: 'illegal function',
  0x02: 'illegal data address',
  0x03: 'illegal data value',
  0x04: 'server device failure',
  0x05: 'acknowledge',
  0x06: 'server device busy',
  0x08: 'memory parity error',
  0x0a: 'gateway path unavailable',
  0x0b: 'gateway target device failed to respond',
};

/** 2 -> "exception 0x02 (illegal data address)" */
export function exceptionLabel(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return `exception ${hex} (${EXCEPTION_NAMES[code] ?? 'unknown exception'})`;
}

/** "0x02" or 2 -> "illegal data address"; unknown codes say so. */
export function exceptionName(code: string | number): string {
  const n = typeof code === 'number' ? code : parseInt(code.replace(/^0x/i, ''), 16);
  return EXCEPTION_NAMES[n] ?? 'unknown exception';
}
