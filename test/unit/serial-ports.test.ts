import { describe, expect, it } from 'vitest';
import { describePort, listSerialPorts, recogniseAdapter } from '../../src/engine/serial/list-ports';

describe('serial port listing', () => {
  it('recognises USB-RS485 adapter chips by VID/PID', () => {
    expect(recogniseAdapter('0403', '6001').family).toBe('FTDI');
    expect(recogniseAdapter('1A86', '7523').family).toBe('CH340');
    expect(recogniseAdapter('10c4', 'ea60').family).toBe('CP210x');
    expect(recogniseAdapter('067b', '2303').family).toBe('PL2303');
    expect(recogniseAdapter('1a86', 'ffff').family).toBeNull();
    expect(describePort({ path: 'COM5', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' })).toMatchObject({
      friendlyName: 'USB-RS485/serial adapter (FTDI) — COM5',
      adapter: 'FTDI',
    });
  });

  it('lists adapters first, and falls back to device nodes with a one-line reason when listing fails', async () => {
    const ok = await listSerialPorts(async () => [{ path: '/dev/ttyS0' }, { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }]);
    expect(ok.ports.map((p) => p.path)).toEqual(['/dev/ttyUSB0', '/dev/ttyS0']);
    expect(ok.note).toBeUndefined();
    const failed = await listSerialPorts(async () => {
      throw new Error('spawn udevadm ENOENT\nmore detail');
    });
    expect(failed.note).toBe('the system port list is unavailable (spawn udevadm ENOENT); showing device nodes instead');
    expect(Array.isArray(failed.ports)).toBe(true);
  });
});
