import { describe, expect, it } from 'vitest';
import { discoverSunSpec } from '../../src/engine/sunspec/discover';
import { importMap } from '../../src/shared/import';
import { printable } from '../../src/shared/printable';
import { registerChannel, SUNS } from '../helpers/sunspec';

// Issue 14 item 8: input that is hostile or broken ends in a clear, bounded message, never a crash or a raw error.

describe('bounded messages for hostile input', () => {
  it('a JSON map nested a million levels deep is refused with its depth, not a stack overflow', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const r = importMap(deep, 'deep.json', {});
    expect(r.tags).toEqual([]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'unreadable', message: expect.stringMatching(/nested over 100,000 levels deep; a tag map needs a handful \(at most 64 are read\)/) })]);
    // Brackets inside strings do not count: an ordinary map still reads.
    const ok = importMap(JSON.stringify({ tags: [{ name: '[[[[ {{{{', address: '40001', type: 'uint16' }] }), 'ok.json', {});
    expect(ok.tags.map((t) => t.name)).toEqual(['[[[[ {{{{']);
  });

  it('a file of one endless line, or of garbage, gets one error that quotes a bounded excerpt', () => {
    const oneLine = importMap('a;'.repeat(2_500_000), 'one-line.csv', {});
    expect(oneLine.problems).toHaveLength(1);
    expect(oneLine.problems[0]!.message).toMatch(/the header \(row 1\) has: a, a, a, a, a, a, a, a, a, a, a, a … \(2,500,000 columns in all\)$/);
    const garbage = Array.from({ length: 1_000_000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    const g = importMap(garbage, 'garbage.csv', {});
    expect(g.problems.length).toBeGreaterThan(0);
    for (const p of g.problems) expect(p.message.length).toBeLessThan(1000);
  });

  it('a SunSpec chain that runs to the last register without an end marker ends with a note, not a range error', async () => {
    // A vendor model whose length walks the chain to 65535: the next model header (2 registers) would run past it.
    const { channel } = registerChannel({ 40000: SUNS, 40002: [64900, 65535 - 40004] });
    const d = await discoverSunSpec(channel, 1);
    expect(d.models.map((m) => m.id)).toEqual([64900]);
    expect(d.notes.at(-1)).toMatch(/runs past the last holding register .* without an end marker/);
  });

  it('text from a device is printed with its control characters shown, not acting on the terminal', () => {
    expect(printable('ACME\u001b[2J\u0007 Inverter')).toBe('ACME\\x1b[2J\\x07 Inverter');
    expect(printable('x'.repeat(600))).toMatch(/^x{500}… \(600 characters\)$/);
    expect(printable('Ωmega 230 V')).toBe('Ωmega 230 V');
  });
});
