/**
 * Binary-coded decimal: one decimal digit per nibble, most significant nibble first (0x1234 is 1234).
 * A nibble above 9 is not a digit: decoding reports it instead of inventing a number.
 */

export type BcdResult = { ok: true; value: number } | { ok: false; reason: string };

/** Decode `digits` nibbles (4 or 8) of an unsigned 32-bit pattern. */
export function decodeBcd(bits: number, digits: 4 | 8): BcdResult {
  let value = 0;
  for (let i = digits - 1; i >= 0; i--) {
    const nibble = (bits >>> (i * 4)) & 0xf;
    if (nibble > 9) {
      const hex = (bits >>> 0).toString(16).toUpperCase().padStart(digits, '0');
      return { ok: false, reason: `invalid BCD digit ${nibble.toString(16).toUpperCase()} in 0x${hex}` };
    }
    value = value * 10 + nibble;
  }
  return { ok: true, value };
}

/** Encode a whole number 0 .. 10^digits - 1 as BCD bits (an unsigned number). */
export function encodeBcd(value: number, digits: 4 | 8): number {
  const max = 10 ** digits - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`BCD${digits * 4} holds whole numbers 0..${max}, not ${value}`);
  let bits = 0;
  let rest = value;
  for (let i = 0; i < digits; i++) {
    bits += (rest % 10) * 2 ** (i * 4);
    rest = Math.floor(rest / 10);
  }
  return bits;
}
