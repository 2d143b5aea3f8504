import { describe, expect, it } from 'vitest';
import { accessLevelText, attributeId, eventNotifierText, samplingIntervalText, valueRankText, writeMaskText } from '../../src/engine/opcua/attribute-text';

describe('OPC UA attributes in words', () => {
  it('numbers attributes as Part 6 does', () => {
    expect([attributeId('NodeId'), attributeId('Value'), attributeId('AccessLevel'), attributeId('Historizing'), attributeId('AccessLevelEx')]).toEqual([1, 13, 17, 20, 27]);
  });
  it('decodes access levels, write masks and event notifiers bit by bit, unknown bits in hex', () => {
    expect(accessLevelText(0)).toBe('none');
    expect(accessLevelText(0b101)).toBe('CurrentRead, HistoryRead');
    expect(accessLevelText(0x80 | 1)).toBe('CurrentRead, 0x80');
    expect(writeMaskText(1 << 6)).toBe('DisplayName');
    expect(eventNotifierText(1 | 4)).toBe('SubscribeToEvents, HistoryRead');
  });
  it('says what a value rank and a sampling interval mean, with the unit', () => {
    expect(valueRankText(-1)).toBe('-1 (scalar)');
    expect(valueRankText(2)).toBe('2 (2-dimensional array)');
    expect(samplingIntervalText(250)).toBe('250 ms');
    expect(samplingIntervalText(-1)).toBe('-1 (indeterminate)');
  });
});
