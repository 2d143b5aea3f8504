/** Serial line helpers for the forms: presets, the "8E1" shorthand and the Modbus RTU inter-frame silence. */

export const BAUD_PRESETS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const PARITIES = ['none', 'even', 'odd'] as const;
export type ParityName = (typeof PARITIES)[number];

/** Bits on the wire per character: start + data + parity + stop. */
export function bitsPerChar(dataBits: number, parity: ParityName, stopBits: number): number {
  return 1 + dataBits + (parity === 'none' ? 0 : 1) + stopBits;
}

/** Modbus over serial line v1.02: 3.5 character times between frames, a fixed 1.75 ms above 19200 baud. */
export function interFrameSilenceMs(baud: number, dataBits: number, parity: ParityName, stopBits: number): number {
  if (baud > 19200) return 1.75;
  return (3.5 * bitsPerChar(dataBits, parity, stopBits) * 1000) / baud;
}

/** For the form: how long the line must stay quiet between frames ("2.01 ms"), and why. */
export function silenceHint(baud: number, dataBits: number, parity: ParityName, stopBits: number): { value: string; why: string } {
  if (!Number.isFinite(baud) || baud <= 0) return { value: '—', why: 'enter a baud rate' };
  const ms = interFrameSilenceMs(baud, dataBits, parity, stopBits);
  if (baud > 19200) return { value: `${ms.toFixed(2)} ms`, why: 'fixed above 19200 baud' };
  return { value: `${ms.toFixed(2)} ms`, why: `3.5 chars × ${bitsPerChar(dataBits, parity, stopBits)} bits` };
}

/** "8E1", "8N2": how integrators write a serial line. */
export function lineShorthand(dataBits: number, parity: ParityName, stopBits: number): string {
  return `${dataBits}${parity.charAt(0).toUpperCase()}${stopBits}`;
}
