import type { z } from 'zod';
import type { Parity } from '../project/connection';

/** Parity of a serial line, as the project stores it. */
export type ParityName = z.infer<typeof Parity>;

/** Above this baud rate the spec fixes the inter-frame silence instead of counting character times. */
export const FIXED_SILENCE_ABOVE_BAUD = 19200;
/** The fixed silence above 19200 baud (Modbus over serial line v1.02, 2.5.1.1). */
export const FIXED_SILENCE_MS = 1.75;

/** Bits on the wire per character: start + data + parity + stop. */
export function bitsPerChar(dataBits: number, parity: ParityName, stopBits: number): number {
  return 1 + dataBits + (parity === 'none' ? 0 : 1) + stopBits;
}

/** Silence that ends a frame and must separate frames: 3.5 character times, fixed 1.75 ms above 19200 baud. */
export function interFrameDelayMs(baud: number, bitsPerCharacter = 11): number {
  if (baud > FIXED_SILENCE_ABOVE_BAUD) return FIXED_SILENCE_MS;
  return (3.5 * bitsPerCharacter * 1000) / baud;
}
