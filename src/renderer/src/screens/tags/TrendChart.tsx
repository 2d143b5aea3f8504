import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TagDef } from '../../store/tagMaps';
import { formatClock } from '../../lib/format';
import { trendSeries, useTagValues, MAX_TREND, TREND_WINDOW_MS } from '../../store/tagValues';

const COLORS = ['#0b5cad', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
const HEIGHT = 150;
/** The chart redraws at most this often, whatever the update rate. */
const REDRAW_MS = 500;

function chartData(keys: readonly string[]): uPlot.AlignedData {
  const tables: uPlot.AlignedData[] = keys.map((k) => {
    const s = trendSeries(k);
    return [s ? s.t : [], s ? s.v : []] as uPlot.AlignedData;
  });
  if (tables.length === 1) return tables[0]!;
  // Each tag has its own timestamps: join them on one time axis, keeping a reading's own null (no value) as a gap.
  return uPlot.join(tables, tables.map(() => [0, 1]));
}

/** The plot says what it holds (its oldest time and how many points), for a look in the DOM and for tests. */
function mark(el: HTMLElement | null, data: uPlot.AlignedData): uPlot.AlignedData {
  if (el) {
    el.dataset.points = String(data[0].length);
    el.dataset.oldest = data[0].length ? String(data[0][0]) : '';
  }
  return data;
}

/** One y scale per unit (a pressure in bar next to a flow in L/min stays readable), with its axis in the unit's colour. */
export function chartOptions(keys: readonly string[], defs: ReadonlyMap<string, TagDef>, width: number): uPlot.Options {
  const scaleOf = new Map<string, number>();
  const series: uPlot.Series[] = [{ label: 'Time' }];
  // Time in the app's 24-hour clock (uPlot's default is "10:23pm"), with seconds: a trend spans minutes.
  const axes: uPlot.Axis[] = [{ stroke: '#3d4852', grid: { stroke: '#e3e8ec' }, values: (_u, splits) => splits.map((v) => formatClock(v)) }];
  keys.forEach((k, i) => {
    const t = defs.get(k)?.tag;
    const unit = t?.units || t?.name || k;
    if (!scaleOf.has(unit)) {
      const n = scaleOf.size;
      scaleOf.set(unit, n);
      axes.push({
        scale: `y${n}`,
        side: n % 2 === 0 ? 3 : 1,
        stroke: COLORS[i % COLORS.length],
        size: 54,
        label: unit,
        labelSize: 16,
        grid: { show: n === 0, stroke: '#e3e8ec' },
        values: (_u, splits) => splits.map((v) => String(Number(v.toPrecision(6)))),
      });
    }
    series.push({ label: t ? `${t.name}${t.units ? ` (${t.units})` : ''}` : k, scale: `y${scaleOf.get(unit)}`, stroke: COLORS[i % COLORS.length], width: 1.5, points: { show: false } });
  });
  return {
    width,
    height: HEIGHT,
    ms: 1,
    // At least 15 s wide, so a fresh trend reads in seconds rather than milliseconds.
    scales: { x: { time: true, range: (_u, min, max) => [Math.min(min, max - 15_000), max] } },
    // The chips above name the series in their colours; a legend table would cost table rows.
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    series,
    axes,
  };
}

/** A trend of the picked tags (up to 8) over the last minutes, on real timestamps, drawn with uPlot. */
export function TrendChart(props: { keys: readonly string[]; defs: ReadonlyMap<string, TagDef>; onRemove: (key: string) => void }) {
  const { keys, defs } = props;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const signature = keys.join('\n');

  useEffect(() => {
    const el = box.current;
    if (!el || keys.length === 0) return;
    const opts = chartOptions(keys, defs, Math.max(200, el.clientWidth));
    const u = new uPlot(opts, mark(el, chartData(keys)), el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // The chart is rebuilt when the set of tags changes; data follows below.
  }, [signature, defs]);

  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const draw = () => {
      timer = null;
      last = performance.now();
      plot.current?.setData(mark(box.current, chartData(keys)));
    };
    const unsub = useTagValues.subscribe((s, prev) => {
      if (s.version === prev.version || s.frozen || timer) return;
      timer = setTimeout(draw, Math.max(0, REDRAW_MS - (performance.now() - last)));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [signature]);

  return (
    <section className="trend-panel panel" data-testid="trend-panel">
      <header className="trend-head">
        <h2>Trend</h2>
        <span className="muted small">
          last {TREND_WINDOW_MS / 60_000} min · {keys.length}/{MAX_TREND} tags · drag to zoom, double-click resets
        </span>
        <span className="grow" />
        {keys.map((k, i) => (
          <button key={k} type="button" className="trend-chip" onClick={() => props.onRemove(k)} title="Remove from the trend" data-testid="trend-remove">
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} />
            {defs.get(k)?.tag.name ?? k} ×
          </button>
        ))}
      </header>
      <div ref={box} className="trend-plot" data-testid="trend-plot" />
    </section>
  );
}
