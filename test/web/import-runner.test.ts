import { describe, expect, it } from 'vitest';
import { evaluateImport, PREVIEW_TAGS, type EvalPhase, type SourceCache } from '../../src/renderer/src/import/evaluate';
import { createImportRunner } from '../../src/renderer/src/import/import-runner';

const enc = (s: string) => new TextEncoder().encode(s);

function csv(rows: number): Uint8Array {
  const lines = ['Register;Name;Type;Factor;Unit'];
  for (let i = 0; i < rows; i++) lines.push(`${i * 2};p${i};FLOAT32;0,1;V`);
  return enc(lines.join('\n'));
}

describe('import evaluation (the work the import worker does)', () => {
  it('parses once per draft, reports progress by phase, and returns every tag with a preview-sized result', () => {
    const cache: SourceCache = new Map();
    const phases = new Map<EvalPhase, number[]>();
    const res = evaluateImport({ draftId: 1, bytes: csv(5000), fileName: 'big.csv', options: {}, scanClassMs: 500 }, cache, (p) => {
      phases.set(p.phase, [...(phases.get(p.phase) ?? []), p.done]);
      if (p.phase === 'rows') expect(p.total).toBe(5000);
    });
    expect(res.fatal).toBeNull();
    expect(res.source).toEqual({ kind: 'table', format: 'csv', decimal: ',', sheetNames: [] });
    expect(res.tags).toHaveLength(5000);
    expect(res.tags[4999]).toMatchObject({ name: 'p4999', units: 'V', scanClassMs: 500, source: { kind: 'modbus', address: 9998, type: 'float32', scale: 0.1 } });
    expect(res.result!.summary).toMatchObject({ rows: 5000, tags: 5000, rejected: 0 });
    expect(res.result!.tags).toHaveLength(PREVIEW_TAGS);
    expect(phases.get('reading')).toEqual([0]);
    expect(phases.get('rows')).toEqual([2000, 4000]);
    expect(phases.get('tags')).toEqual([2000, 4000]);
    // A changed mapping: no bytes, the cached source is read again with the new choice.
    const again = evaluateImport({ draftId: 1, fileName: 'big.csv', options: { plainBase: 1 }, user: { units: -1 }, scanClassMs: 500 }, cache);
    expect(again.tags).toHaveLength(4999); // row 2's address 0 cannot be counted from 1
    expect(again.tags[0]).toMatchObject({ name: 'p1', units: '', source: { address: 1 } });
    expect(again.result!.problems.map((p) => p.message)).toContain('address 0 in a map numbered from 1');
  });

  it('an unreadable file is one clear message, and its draft keeps nothing', () => {
    const cache: SourceCache = new Map();
    const res = evaluateImport({ draftId: 7, bytes: new Uint8Array([0, 1, 2, 3, 0, 0, 0xff, 0xfe]), fileName: 'map.csv', options: {}, scanClassMs: 1000 }, cache);
    expect(res.fatal).toBe('this is not a text file (it contains NUL bytes): expected CSV, XLSX or JSON');
    expect(res.source).toBeNull();
    expect(res.result!.problems).toHaveLength(1);
    expect(cache.has(7)).toBe(false);
    expect(evaluateImport({ draftId: 7, fileName: 'map.csv', options: {}, scanClassMs: 1000 }, cache).fatal).toBe('the file of this import is no longer at hand: choose it again');
  });
});

describe('import runner', () => {
  it('where no worker can start (here: Node), runs in the page, in order, and parses again only when asked', async () => {
    const runner = createImportRunner();
    expect(runner.where()).toBe('page');
    const bytes = csv(10);
    const seen: string[] = [];
    const first = runner.run({ draftId: 3, bytes, reparse: true, fileName: 'a.csv', options: {}, scanClassMs: 1000 }, () => undefined).then((r) => seen.push(`first ${r.tags.length}`));
    // Queued behind the first; its bytes are not needed (the source is cached), so garbage proves the cache is used.
    const second = runner.run({ draftId: 3, bytes: enc('garbage'), reparse: false, fileName: 'a.csv', options: {}, user: { name: -1 }, scanClassMs: 1000 }, () => undefined).then((r) => seen.push(`second ${r.tags[0]!.name}`));
    await Promise.all([first, second]);
    expect(seen).toEqual(['first 10', 'second 40001']); // no name column: tags are named after their registers
    // reparse (a new sheet): the bytes given are read.
    const third = await runner.run({ draftId: 3, bytes: enc('garbage'), reparse: true, fileName: 'a.csv', options: {}, scanClassMs: 1000 }, () => undefined);
    expect(third.tags).toEqual([]);
    expect(third.result!.problems.map((p) => p.code)).toEqual(['missing-column']);
    runner.forget(3);
  });
});
