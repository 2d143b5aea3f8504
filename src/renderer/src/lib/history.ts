/**
 * The last points of one tag (values and their timestamps), as a window on append-only buffers. Appending never
 * changes what an older version shows, so a frozen copy of the rows keeps its sparklines, yet a merge of 5,000
 * tags allocates a new buffer only once every `size` appends per tag instead of copying every window every time.
 */
export interface History {
  readonly v: number[];
  readonly t: number[];
  readonly start: number;
  readonly end: number;
}

export const EMPTY_HISTORY: History = Object.freeze({ v: [], t: [], start: 0, end: 0 });

export function appendHistory(h: History, value: number, at: number, size: number): History {
  let { v, t, start, end } = h;
  // A buffer someone already appended past this version, a full one, or the shared empty one: start a fresh buffer.
  if (h === EMPTY_HISTORY || end !== v.length || v.length >= size * 2) {
    const from = Math.max(start, end - size + 1);
    v = v.slice(from, end);
    t = t.slice(from, end);
    start = 0;
    end = v.length;
  }
  v.push(value);
  t.push(at);
  end++;
  return { v, t, start: Math.max(start, end - size), end };
}

export function historyValues(h: History): number[] {
  return h.v.slice(h.start, h.end);
}

export function historyTimes(h: History): number[] {
  return h.t.slice(h.start, h.end);
}
