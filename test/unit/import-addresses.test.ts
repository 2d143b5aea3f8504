import { describe, expect, it } from 'vitest';
import { addressStyle, parseAddress, parseKepwareAddress, resolveTypeName, type ParsedAddress } from '../../src/shared/import';
import type { AddressContext } from '../../src/shared/import/address';
import { parseAccessCell, parseOrderCell, parseTableCell } from '../../src/shared/import/cells';

const at = (s: string, ctx: AddressContext = {}): Partial<ParsedAddress> | string => {
  const r = parseAddress(s, ctx);
  if (!r.ok) return `${r.code}: ${r.message}`;
  const { table, address, bit, notation, typeHint } = r.value;
  return { table, address, notation, ...(bit !== undefined ? { bit } : {}), ...(typeHint ? { typeHint } : {}) };
};

describe('import: address notations', () => {
  it('reads 1-based numbers with the table digit, 5 and 6 digits, to 0-based protocol addresses', () => {
    expect(at('40001')).toEqual({ table: 'holding', address: 0, notation: 'conventional' });
    expect(at('400001')).toEqual({ table: 'holding', address: 0, notation: 'conventional' });
    expect(at('465536')).toEqual({ table: 'holding', address: 65535, notation: 'conventional' });
    expect(at('30001')).toEqual({ table: 'input', address: 0, notation: 'conventional' });
    expect(at('10001')).toEqual({ table: 'discrete', address: 0, notation: 'conventional' });
    expect(at('00001')).toEqual({ table: 'coil', address: 0, notation: 'conventional' });
    expect(at('40001.3')).toEqual({ table: 'holding', address: 0, bit: 3, notation: 'conventional' });
    expect(at('40.001')).toEqual({ table: 'holding', address: 0, notation: 'conventional' });
    expect(at('40,101')).toEqual({ table: 'holding', address: 100, notation: 'conventional' });
  });

  it('reads plain offsets 0-based in the row\'s or the default table, or 1-based when told so', () => {
    expect(at('100')).toEqual({ table: 'holding', address: 100, notation: 'offset' });
    expect(at('100', { table: 'input' })).toEqual({ table: 'input', address: 100, notation: 'offset' });
    expect(at('100', { defaultTable: 'coil' })).toEqual({ table: 'coil', address: 100, notation: 'offset' });
    expect(at('1', { plainBase: 1 })).toEqual({ table: 'holding', address: 0, notation: 'offset' });
    expect(at('0', { plainBase: 1 })).toMatch(/^address-out-of-range: address 0 in a map numbered from 1/);
    expect(at('40001', { fiveDigit: 'offset' })).toEqual({ table: 'holding', address: 40001, notation: 'offset' });
    expect(at('00010', { table: 'holding' })).toEqual({ table: 'holding', address: 10, notation: 'offset' });
  });

  it('reads hex (0x10, 10h, $10) as 0-based offsets, and bare digits as hex under a "hex" header', () => {
    expect(at('0x10')).toEqual({ table: 'holding', address: 16, notation: 'hex' });
    expect(at('10h', { table: 'input' })).toEqual({ table: 'input', address: 16, notation: 'hex' });
    expect(at('$FFFF')).toEqual({ table: 'holding', address: 65535, notation: 'hex' });
    expect(at('0x10.15')).toEqual({ table: 'holding', address: 16, bit: 15, notation: 'hex' });
    expect(at('001A', { hex: true })).toEqual({ table: 'holding', address: 26, notation: 'hex' });
  });

  it('reads function codes, Ignition and AVEVA designators, and Schneider %MW', () => {
    expect(at('FC3:100')).toEqual({ table: 'holding', address: 100, notation: 'function-code' });
    expect(at('fc04 0x10')).toEqual({ table: 'input', address: 16, notation: 'function-code' });
    expect(at('FC1/7')).toEqual({ table: 'coil', address: 7, notation: 'function-code' });
    expect(at('FC7:1')).toMatch(/^bad-address: function code 7/);
    expect(at('HR1')).toEqual({ table: 'holding', address: 0, notation: 'designator' });
    expect(at('HR1', { designatorBase: 0 })).toEqual({ table: 'holding', address: 1, notation: 'designator' });
    expect(at('IR10.2')).toEqual({ table: 'input', address: 9, bit: 2, notation: 'designator' });
    expect(at('DI5')).toEqual({ table: 'discrete', address: 4, notation: 'designator' });
    expect(at('100 HR')).toEqual({ table: 'holding', address: 100, notation: 'designator' });
    expect(at('%MW100')).toEqual({ table: 'holding', address: 100, notation: 'iec' });
    expect(at('%MW100:X3')).toEqual({ table: 'holding', address: 100, bit: 3, notation: 'iec' });
    expect(at('%MF20')).toEqual({ table: 'holding', address: 20, notation: 'iec', typeHint: 'float32' });
    expect(at('%M7')).toEqual({ table: 'coil', address: 7, notation: 'iec' });
  });

  it('says why an address is wrong', () => {
    expect(at('40001.16')).toMatch(/^address-out-of-range: bit 16 of 40001.16 is not a bit/);
    expect(at('00001.1')).toMatch(/^bad-address: address 00001.1 names a bit of a coil/);
    expect(at('65536', { fiveDigit: 'offset' })).toMatch(/^address-out-of-range: address 65536 is past the last Modbus address/);
    expect(at('65536')).toMatch(/^bad-address: 65536 is neither a 1-based register number/);
    expect(at('70000')).toMatch(/^bad-address: 70000 is neither a 1-based register number/);
    expect(at('40001', { table: 'input' })).toMatch(/^bad-address: 40001 is a holding register number \(4xxxx\), but the row's table is input/);
    expect(at('R100')).toMatch(/^bad-address: "R100" is not an address the importer knows/);
  });

  it('decides per file how 5-digit numbers count: SunSpec\'s 40000 base means offsets', () => {
    expect(addressStyle(['40001', '40002', '1', '30001.2'])).toBe('conventional');
    expect(addressStyle(['40000', '40002'])).toBe('offset');
    expect(addressStyle(['50001'])).toBe('offset');
  });

  it('reads Kepware addresses: padded items, H hex items, bit and string suffixes', () => {
    expect(parseKepwareAddress('41')).toEqual({ table: 'holding', address: 0 });
    expect(parseKepwareAddress('4001')).toEqual({ table: 'holding', address: 0 });
    expect(parseKepwareAddress('40001')).toEqual({ table: 'holding', address: 0 });
    expect(parseKepwareAddress('400001')).toEqual({ table: 'holding', address: 0 });
    expect(parseKepwareAddress('000017')).toEqual({ table: 'coil', address: 16 });
    expect(parseKepwareAddress('H4000A')).toEqual({ table: 'holding', address: 9 });
    expect(parseKepwareAddress('H4FFFF')).toEqual({ table: 'holding', address: 65534 });
    expect(parseKepwareAddress('400011.12')).toEqual({ table: 'holding', address: 10, suffix: '12' });
    expect(parseKepwareAddress('400030.16H')).toEqual({ table: 'holding', address: 29, suffix: '16H' });
    expect(parseKepwareAddress('400001[4]')).toEqual({ error: '400001[4] is an array tag; import one tag per value' });
    expect(parseKepwareAddress('40000A')).toEqual({ error: '"40000A" has hex digits; hex addresses start with H (H4000A)' });
    expect(parseKepwareAddress('400000')).toEqual({ error: '400000: item 0 is outside 1..65536' });
  });
});

describe('import: vendor type names and cell values', () => {
  const type = (s: string) => {
    const t = resolveTypeName(s);
    return t.kind === 'type' ? [t.type, t.order, t.chars, t.sentinel].filter((x) => x !== undefined).join(' ') : `unknown: ${t.reason}`;
  };
  it('maps vendor spellings onto the codec\'s type names', () => {
    for (const s of ['FLOAT', 'Float32', 'REAL', 'Float', 'float', 'IEEE754', 'Single']) expect(type(s), s).toBe('float32');
    for (const s of ['Word', 'UINT16', 'unsigned', 'UINT', 'U16', 'unsigned short']) expect(type(s), s).toBe('uint16');
    for (const s of ['Short', 'INT16', 'INT', 'signed', 'S16']) expect(type(s), s).toBe('int16');
    for (const s of ['DWord', 'UDINT', 'uint32', 'U32', 'unsigned long']) expect(type(s), s).toBe('uint32');
    for (const s of ['Long', 'Int32', 'DINT', 'S32']) expect(type(s), s).toBe('int32');
    for (const s of ['LLong', 'int64', 'LINT']) expect(type(s), s).toBe('int64');
    for (const s of ['QWord', 'uint64', 'ULINT', 'LWORD']) expect(type(s), s).toBe('uint64');
    for (const s of ['Double', 'LREAL', 'float64']) expect(type(s), s).toBe('float64');
    for (const s of ['Boolean', 'BOOL', 'Bit', 'coil']) expect(type(s), s).toBe('bool');
    expect(type('BCD')).toBe('bcd16');
    expect(type('LBCD')).toBe('bcd32');
    expect(type('String')).toBe('string');
    expect(type('STRING(20)')).toBe('string 20');
    expect(type('char[16]')).toBe('string 16');
    expect(type('Unix time')).toBe('unix32s');
    expect(type('ENUM')).toBe('enum16');
    expect(type('Bitfield32')).toBe('bitfield32');
    expect(type('acc32')).toBe('uint32 sunspec-acc');
    expect(type('Float (swapped)')).toBe('float32 CDAB');
    expect(type('FLOAT32_CDAB')).toBe('float32 CDAB');
    expect(type('float byte swapped')).toBe('float32 BADC');
    expect(type('uint32 little endian')).toBe('uint32 DCBA');
    expect(type('Byte')).toMatch(/^unknown: "Byte" is an 8-bit type/);
    expect(type('FLOAT17')).toBe('unknown: unknown data type "FLOAT17"');
  });

  it('reads table, order and access cells', () => {
    expect(['Holding Register', 'HR', '4x', 'FC3', 'fc 03', '4'].map((s) => parseTableCell(s))).toEqual(Array(6).fill('holding'));
    expect(['Input Registers', 'IR', '3x', 'FC4', '3'].map((s) => parseTableCell(s))).toEqual(Array(5).fill('input'));
    expect(parseTableCell('3', true)).toBe('holding');
    expect(parseTableCell('Coils')).toBe('coil');
    expect(parseTableCell('Discrete Input')).toBe('discrete');
    expect(parseTableCell('memory')).toBeUndefined();
    expect(['ABCD', 'big endian', '1234'].map(parseOrderCell)).toEqual(['ABCD', 'ABCD', 'ABCD']);
    expect(['CDAB', 'word swap', '3412', 'GHEFCDAB'].map(parseOrderCell)).toEqual(['CDAB', 'CDAB', 'CDAB', 'CDAB']);
    expect(['byte swap', '2143', 'little endian', '4321'].map(parseOrderCell)).toEqual(['BADC', 'BADC', 'DCBA', 'DCBA']);
    expect(parseOrderCell('XYZW')).toBeUndefined();
    expect(['R', 'RO', 'Read only', 'read'].map(parseAccessCell)).toEqual(Array(4).fill('read'));
    expect(['R/W', 'RW', 'Read/Write', 'WO'].map(parseAccessCell)).toEqual(Array(4).fill('read-write'));
    expect(parseAccessCell('maybe')).toBeUndefined();
    // Cell text is data: names of Object.prototype members are not table, order or type names.
    for (const s of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parseTableCell(s)).toBeUndefined();
      expect(parseOrderCell(s)).toBeUndefined();
      expect(resolveTypeName(s).kind).toBe('unknown');
    }
  });
});
