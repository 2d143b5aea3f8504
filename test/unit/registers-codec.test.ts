import { describe, expect, it } from 'vitest';
import { decodeRegisters, encodeValue, toHex16 } from '../../src/shared/codec/registers';
import { ByteOrder, DataType } from '../../src/shared/codec/types';
import { toConventional } from '../../src/shared/modbus/tables';

describe('register codec', () => {
  it('decodes 25.5 as float32 in each byte/word order', () => {
    expect(decodeRegisters([0x41cc, 0x0000], 'float32', 'ABCD')).toBe(25.5);
    expect(decodeRegisters([0x0000, 0x41cc], 'float32', 'CDAB')).toBe(25.5);
    expect(decodeRegisters([0xcc41, 0x0000], 'float32', 'BADC')).toBe(25.5);
    expect(decodeRegisters([0x0000, 0xcc41], 'float32', 'DCBA')).toBe(25.5);
  });

  it('decodes signed and unsigned integers', () => {
    expect(decodeRegisters([0xffff], 'int16')).toBe(-1);
    expect(decodeRegisters([0xffff], 'uint16')).toBe(65535);
    expect(decodeRegisters([0xfffe, 0x1dc0], 'int32', 'ABCD')).toBe(-123456);
    expect(decodeRegisters([0x1dc0, 0xfffe], 'int32', 'CDAB')).toBe(-123456);
    expect(decodeRegisters([0x0001, 0x0000], 'uint32')).toBe(65536);
  });

  it('round-trips every type in every order', () => {
    const samples: Record<string, (number | boolean)[]> = {
      bool: [true, false],
      int16: [-32768, -1, 0, 12345, 32767],
      uint16: [0, 1, 1500, 65535],
      int32: [-2147483648, -123456, 0, 2147483647],
      uint32: [0, 65536, 4294967295],
      float32: [0, -1.5, 25.5, 3.4028234663852886e38],
      float64: [0, Math.PI, -1e300, 5e-324],
    };
    for (const type of DataType.options) {
      for (const order of ByteOrder.options) {
        for (const v of samples[type]!) {
          const regs = encodeValue(v, type, order);
          expect(decodeRegisters(regs, type, order), `${type} ${order} ${String(v)}`).toBe(v);
        }
      }
    }
  });

  it('refuses too few registers', () => {
    expect(() => decodeRegisters([1], 'float32')).toThrow(RangeError);
  });

  it('formats addresses the way integrators write them', () => {
    expect(toConventional('holding', 0)).toBe('40001');
    expect(toConventional('holding', 9)).toBe('40010');
    expect(toConventional('input', 0)).toBe('30001');
    expect(toConventional('coil', 0)).toBe('00001');
    expect(toConventional('holding', 9999)).toBe('410000');
    expect(toHex16(0x41cc)).toBe('41CC');
    expect(toHex16(5)).toBe('0005');
  });
});
