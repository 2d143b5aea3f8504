/** Serial line helpers for the forms: presets, the "8E1" shorthand and the Modbus RTU inter-frame silence. */
import { Parity } from '../../../shared/project/schema';
import { bitsPerChar, FIXED_SILENCE_ABOVE_BAUD, interFrameDelayMs, type ParityName } from '../../../shared/modbus/serial-timing';

export type { ParityName };

export const BAUD_PRESETS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const PARITIES: readonly ParityName[] = Parity.options;

/** For the form: how long the line must stay quiet between frames ("2.01 ms"), and why. */
export function silenceHint(baud: number, dataBits: number, parity: ParityName, stopBits: number): { value: string; why: string } {
  if (!Number.isFinite(baud) || baud <= 0) return { value: '—', why: 'enter a baud rate' };
  const bits = bitsPerChar(dataBits, parity, stopBits);
  const ms = interFrameDelayMs(baud, bits);
  if (baud > FIXED_SILENCE_ABOVE_BAUD) return { value: `${ms.toFixed(2)} ms`, why: `fixed above ${FIXED_SILENCE_ABOVE_BAUD} baud` };
  return { value: `${ms.toFixed(2)} ms`, why: `3.5 chars × ${bits} bits` };
}

/** "8E1", "8N2": how integrators write a serial line. */
export function lineShorthand(dataBits: number, parity: ParityName, stopBits: number): string {
  return `${dataBits}${parity.charAt(0).toUpperCase()}${stopBits}`;
}
