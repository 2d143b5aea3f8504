import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { chartOptions } from '../../src/renderer/src/screens/tags/TrendChart';

describe('the trend chart', () => {
  it('labels time in the 24-hour clock the app uses, with seconds, not "10:23pm"', () => {
    const axis = chartOptions([], new Map(), 800).axes![0]!;
    const values = axis.values as (u: uPlot, splits: number[]) => string[];
    const at = new Date(2026, 10, 29, 22, 23, 5).getTime();
    expect(values({} as uPlot, [at, at + 30_000])).toEqual(['22:23:05', '22:23:35']);
  });
});
