import { describe, expect, it } from 'vitest';
import { discoverSunSpec } from '../../src/engine/sunspec/discover';
import { MAP_DISCOVER_HELP } from '../../src/cli/commands/map-discover';
import { registerChannel } from '../helpers/sunspec';

/**
 * Issue 13 item 2: SunSpec places are written in the app's one numbering (holding wire 40000 is 440001, wire 0 is
 * 40001), each base once, with its wire address, in the engine's messages and the CLI.
 */
describe('SunSpec numbering', () => {
  it('names each base once, in the numbering of the Tags table, with its wire address, when there is no marker', async () => {
    const { channel } = registerChannel({ 40000: [0, 0] });
    await expect(discoverSunSpec(channel, 1)).rejects.toThrow('no SunSpec marker "SunS" at holding register 440001 (wire 40000), 40001 (wire 0) or 450001 (wire 50000) of unit 1');
  });

  it('map discover --help names the same three places the same way', () => {
    expect(MAP_DISCOVER_HELP).toContain('at holding register 440001 (wire 40000), 40001 (wire 0) or 450001 (wire 50000)');
    expect(MAP_DISCOVER_HELP).not.toMatch(/holding 40001, 440001/);
  });

  it('a broken chain is reported at its register in the same numbering', async () => {
    // "SunS" at wire 0, model 1 says L = 66, and the next model's header at wire 70 is a hole (exception 02).
    const { bank, channel } = registerChannel({ 0: [0x5375, 0x6e53, 1, 66] });
    bank.holes.holding.add(70);
    const d = await discoverSunSpec(channel, 1);
    expect(d.base).toBe(0);
    expect(d.notes).toContain('the model chain breaks at register 40071 (wire 70): the device answered an exception');
  });
});
