import { describe, expect, it } from 'vitest';
import { Tag, type TagInput } from '../../src/shared/project/schema';
import { typedValue } from '../../src/renderer/src/screens/live/typedValue';
import { tagWritability, writeTarget } from '../../src/renderer/src/screens/tags/tagWrite';
import { routeText } from '../../src/renderer/src/screens/devices/deviceProtocol';

const def = (t: TagInput) => ({ key: `m1/${t.name}`, mapId: 'm1', mapName: 'map', deviceId: 'd1', tag: Tag.parse(t) });

describe('the value typed in the tag write dialog', () => {
  it('goes as a number where it reads as one, whatever the protocol', () => {
    expect(typedValue(' 1234 ', 'uint16', 1500)).toBe(1234);
    expect(typedValue('-5', 'DINT', 0)).toBe(-5);
    expect(typedValue('61.5', '', 50)).toBe(61.5);
    expect(typedValue('0x04D2', 'uint16', null)).toBe(1234);
    expect(typedValue('1e3', 'REAL', null)).toBe(1000);
  });

  it('stays text for a text tag, for what is no number, and for an integer a number would round', () => {
    expect(typedValue('42', 'STRING', 'abc')).toBe('42');
    expect(typedValue('42', '', 'recipe A')).toBe('42');
    expect(typedValue('fast', 'DINT', 0)).toBe('fast');
    expect(typedValue('9007199254740993', 'LINT', null)).toBe('9007199254740993');
    expect(typedValue('9007199254740991', 'LINT', null)).toBe(9007199254740991);
  });
});

describe('which tags of the Tags table can be written', () => {
  const holding = { kind: 'modbus', table: 'holding', address: 0, type: 'uint16' } as const;
  it('every read-write tag, of every protocol', () => {
    expect(tagWritability(def({ name: 'level', access: 'read-write', source: holding }))).toEqual({ writable: true });
    expect(tagWritability(def({ name: 'sp', access: 'read-write', source: { kind: 'opcua', nodeId: 'ns=1;s=Sp' } }))).toEqual({ writable: true });
    expect(tagWritability(def({ name: 'Test_DINT', access: 'read-write', source: { kind: 'cip', tagPath: 'Test_DINT' } }))).toEqual({ writable: true });
  });

  it('not a read-only tag, nor a Modbus input register marked read-write, and says why', () => {
    expect(tagWritability(def({ name: 'level', source: holding }))).toEqual({ writable: false, why: expect.stringContaining('level is read-only in its map') });
    expect(tagWritability(def({ name: 'temp', access: 'read-write', source: { ...holding, table: 'input' } }))).toEqual({ writable: false, why: expect.stringContaining('an input register') });
  });

  it('hands the dialog the type as the source names it, and the scaled unit where the value is scaled', () => {
    const scaled = def({ name: 'speed', units: '%', access: 'read-write', source: { ...holding, scale: 0.1 } });
    expect(writeTarget(scaled, undefined)).toEqual({ tagKey: 'm1/speed', label: 'speed', dataType: 'uint16, scaled (the value is typed in %)', live: null });
    expect(writeTarget(def({ name: 'D', access: 'read-write', source: { kind: 'cip', tagPath: 'D', dataType: 'DINT' } }), undefined).dataType).toBe('DINT');
  });
});

describe('a Logix route path on the Devices screen', () => {
  it('names the backplane slot, a route without one, and a longer route as it is', () => {
    expect(routeText('1,0')).toEqual({ short: 'slot 0', long: 'route path 1,0: backplane, slot 0' });
    expect(routeText('1,3').short).toBe('slot 3');
    expect(routeText('').short).toBe('no route');
    expect(routeText('1,2,2,10').short).toBe('route 1,2,2,10');
  });
});
