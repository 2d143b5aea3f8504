/**
 * The answer to a write of FC 5, 6, 15 or 16 repeats bytes 1..4 of the request: the address and the value (5, 6) or
 * the quantity (15, 16). An answer that differs is not this write's answer, or the device took another value.
 * Returns what differs, or null when the echo matches.
 */
export function writeEchoProblem(request: Uint8Array, response: Uint8Array): string | null {
  const fc = request[0];
  if (response.length < 5) return `the answer is ${response.length} bytes; a write's answer repeats 5`;
  const word = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
  if (word(response, 1) !== word(request, 1)) return `the answer names address ${word(response, 1)}, the write was to ${word(request, 1)}`;
  if (word(response, 3) !== word(request, 3)) {
    const what = fc === 5 || fc === 6 ? 'value' : 'quantity';
    const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
    return `the device echoed ${what} ${hex(word(response, 3))}, the write sent ${hex(word(request, 3))}`;
  }
  return null;
}
