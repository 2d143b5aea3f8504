import { describe, expect, it } from 'vitest';
import { TagHistory } from '../../src/engine/handlers/tag-history';
import type { TagReading } from '../../src/shared/schemas/tags';

const reading = (key: string, at: number, value: TagReading['value'], bad = false): TagReading =>
  ({ key, deviceId: 'd', mapId: 'm', name: key, value, quality: bad ? { status: 'bad', reason: 'timeout' } : { status: 'good' }, receivedAt: at }) as TagReading;

// Issue 13 item 10: the engine keeps each tag's recent readings so a trend that opens on a page has history.
describe('TagHistory', () => {
  it('gives a tag its readings in the window, oldest first, with null where a reading had no number', () => {
    const h = new TagHistory(10_000, 100, 10);
    for (let i = 0; i < 20; i++) h.accept(reading('a', 1000 * i, i === 5 ? null : i * 1.5, i === 7));
    expect(h.series('a', 19_000)).toEqual({
      t: [9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000],
      v: [13.5, 15, 16.5, 18, 19.5, 21, 22.5, 24, 25.5, 27, 28.5],
    });
    const early = h.series('a', 9000);
    expect(early.v.slice(5, 8)).toEqual([null, 9, null]);
    expect(h.series('nothing')).toEqual({ t: [], v: [] });
  });

  it('keeps at most its points per tag (the newest) and its number of tags (the most recently read)', () => {
    const h = new TagHistory(1e9, 4, 2);
    for (let i = 0; i < 10; i++) h.accept(reading('a', i, i));
    expect(h.series('a', 10).v).toEqual([6, 7, 8, 9]);
    h.accept(reading('b', 11, 1));
    h.accept(reading('a', 12, 2));
    h.accept(reading('c', 13, 3)); // b is the least recently read: it goes
    expect(h.series('b', 20).t).toEqual([]);
    expect(h.series('a', 20).v).toEqual([7, 8, 9, 2]);
    expect(h.series('c', 20).v).toEqual([3]);
    // A ring grows as readings come, wrapping where it is full, and keeps the newest points in order.
    const big = new TagHistory(1e9, 100, 1);
    for (let i = 0; i < 250; i++) big.accept(reading('x', i, i));
    expect(big.series('x', 300).v).toEqual(Array.from({ length: 100 }, (_, k) => 150 + k));
    h.forget(new Set(['c']));
    expect(h.series('a', 20).t).toEqual([]);
  });
});
