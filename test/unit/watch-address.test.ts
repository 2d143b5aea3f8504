import { describe, expect, it } from 'vitest';
import { parseStartAddress } from '../../src/renderer/src/lib/address';

// Issue 13 item 8: the number typed for a coil is the coil watched, in the numbering the app shows (00001 = wire 0).
describe('the start address of a watch', () => {
  it('reads a plain number for coils and discrete inputs as the point number, 1-based like the rest of the app', () => {
    expect(parseStartAddress('1', 'coil')).toMatchObject({ ok: true, wire: 0, note: 'coil 00001' });
    expect(parseStartAddress('00001', 'coil')).toMatchObject({ ok: true, wire: 0 });
    expect(parseStartAddress('17', 'coil')).toMatchObject({ ok: true, wire: 16, note: 'coil 00017' });
    expect(parseStartAddress('5', 'discrete')).toMatchObject({ ok: true, wire: 4, note: 'discrete input 10005' });
    expect(parseStartAddress('10005', 'discrete')).toMatchObject({ ok: true, wire: 4 });
  });

  it('refuses coil 0, which does not exist in that numbering, and says how to reach wire address 0', () => {
    const r = parseStartAddress('0', 'coil');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('coils are numbered from 1 (00001); type 0x0 for wire address 0');
    expect(parseStartAddress('0x0', 'coil')).toMatchObject({ ok: true, wire: 0, convention: 'hex' });
  });

  it('keeps registers as they were: 40001 is a register number, 0 a wire address', () => {
    expect(parseStartAddress('40001', 'holding')).toMatchObject({ ok: true, wire: 0, convention: 'register-number' });
    expect(parseStartAddress('0', 'holding')).toMatchObject({ ok: true, wire: 0, convention: 'wire' });
    expect(parseStartAddress('1', 'input')).toMatchObject({ ok: true, wire: 1, convention: 'wire' });
  });
});
