import { describe, expect, it } from 'vitest';
import { bitsPerChar, interFrameDelayMs } from '../../src/shared/modbus/serial-timing';

/**
 * Modbus over serial line v1.02: an RTU character is 11 bits (start, 8 data, parity or a second stop, stop); frames
 * are separated by 3.5 character times up to 19200 baud, and by a fixed 1.75 ms above it.
 */
describe('serial timing', () => {
  it('counts the bits of a character on the wire', () => {
    expect(bitsPerChar(8, 'even', 1)).toBe(11); // 8E1, the spec's default line
    expect(bitsPerChar(8, 'none', 2)).toBe(11); // 8N2, the spec's line without parity
    expect(bitsPerChar(8, 'none', 1)).toBe(10);
    expect(bitsPerChar(7, 'odd', 1)).toBe(10);
    expect(bitsPerChar(8, 'odd', 2)).toBe(12);
  });

  it('waits 3.5 character times up to 19200 baud and 1.75 ms above', () => {
    // 9600 baud, 11 bits: one character is 1.1458 ms on the wire, 3.5 of them 4.01 ms.
    expect(interFrameDelayMs(9600, 11)).toBeCloseTo(4.0104, 4);
    // 19200 is still counted (the fixed value is for rates above it): 3.5 x 11 / 19200 s.
    expect(interFrameDelayMs(19200, 11)).toBeCloseTo(2.0052, 4);
    expect(interFrameDelayMs(19200, 10)).toBeCloseTo(1.8229, 4);
    expect(interFrameDelayMs(1200)).toBeCloseTo(32.0833, 4); // 11 bits unless told
    expect(interFrameDelayMs(38400, 11)).toBe(1.75);
    expect(interFrameDelayMs(115200, 10)).toBe(1.75);
  });
});
