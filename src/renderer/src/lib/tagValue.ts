import type { JsonTagValue } from '../../../shared/codec/json';
import type { Quality } from '../../../shared/quality';
import type { TagReading } from '../../../shared/schemas/tags';

/** The reason the engine gives a point the device marks "not implemented" (SunSpec 0x8000, 0xFFFF, NaN...). */
export const NOT_IMPLEMENTED_REASON = 'not implemented by the device';

export function isNotImplemented(r: Pick<TagReading, 'value' | 'quality'>): boolean {
  return r.value === null && r.quality.reason === NOT_IMPLEMENTED_REASON;
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return n.toExponential(4);
  return String(Number(n.toPrecision(7)));
}

export interface ValueView {
  /** What the cell shows. */
  text: string;
  /** The raw number behind an enum label, shown after it. */
  sub?: string;
  kind: 'value' | 'label' | 'ni' | 'none';
  title?: string;
}

/** A reading as the operator reads it: enum labels, "n/i" for not implemented (never a number), "—" for no value. */
export function valueView(r: Pick<TagReading, 'value' | 'label' | 'quality'> | undefined): ValueView {
  if (!r) return { text: '…', kind: 'none', title: 'Not read yet' };
  if (isNotImplemented(r)) return { text: 'n/i', kind: 'ni', title: 'Not implemented by the device (it answers a "not implemented" marker)' };
  const v = r.value;
  if (v === null) return { text: '—', kind: 'none', title: r.quality.reason ?? 'No value' };
  if (r.label !== undefined) return { text: r.label, sub: `(${jsonText(v)})`, kind: 'label' };
  return { text: jsonText(v), kind: 'value' };
}

export function jsonText(v: JsonTagValue): string {
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'ON (1)' : 'OFF (0)';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none set';
  return v;
}

/** The value as a number for sparklines, trends and sorting; null for text, lists and missing values. */
export function numericValue(v: JsonTagValue | null | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

export function qualityText(q: Quality | undefined): string {
  if (!q) return 'Waiting';
  const label = q.status === 'good' ? 'Good' : q.status === 'bad' ? 'Bad' : 'Uncertain';
  return q.reason ? `${label} – ${q.reason}` : label;
}

export function qualityClass(q: Quality | undefined): string {
  return q ? `q-${q.status}` : 'q-waiting';
}
