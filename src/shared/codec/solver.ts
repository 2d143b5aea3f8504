import { z } from 'zod';
import { decodeTag } from './decode';
import { applyLinear } from './scaling';
import type { TagCodecSpec } from './spec';
import { type ByteOrder, ORDER_64 } from './types';

/**
 * The known-value solver: the operator selects up to 4 registers and types what the device's display shows;
 * every type × order × scale interpretation whose value matches comes back, best first, each with a score and
 * a one-line reason. Scores: the match tier dominates (exact unscaled 400, exact scaled integer 300, rounds to
 * the display's resolution 200, within the tolerance 100), minus penalties under 50 for more registers, an exotic
 * order, starting after the first selected register, a far scale, and unusual types (BCD, scaled floats).
 */

export const SolveInput = z.object({
  registers: z.array(z.number().int().min(0).max(0xffff)).min(1).max(4),
  /** What the display shows: a number, or text such as "230.1", "230,1 V" or "-12.50" (trailing zeros set the resolution). */
  display: z.union([z.number().finite(), z.string().min(1).max(40)]),
  /** Also accept values this far (absolute, display units) from the display. */
  tolerance: z.number().finite().min(0).optional(),
});
export type SolveInput = z.input<typeof SolveInput>;

export type MatchKind = 'exact' | 'scaled' | 'rounded' | 'loose';

export interface SolveCandidate {
  /** Apply to the tag: type, order, scale. */
  spec: TagCodecSpec;
  /** Index of the first register used within the selection (0 = the first selected register). */
  at: number;
  width: number;
  /** The unscaled value. */
  raw: number;
  value: number;
  match: MatchKind;
  /** |value - displayed value| */
  error: number;
  score: number;
  reason: string;
}

type SolverType = 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'uint64' | 'int64' | 'float64' | 'bcd16' | 'bcd32';
const TYPES: readonly { type: SolverType; width: 1 | 2 | 4; penalty: number }[] = [
  { type: 'uint16', width: 1, penalty: 0 },
  { type: 'int16', width: 1, penalty: 0.5 },
  { type: 'float32', width: 2, penalty: 0 },
  { type: 'uint32', width: 2, penalty: 0 },
  { type: 'int32', width: 2, penalty: 0.5 },
  { type: 'float64', width: 4, penalty: 0 },
  { type: 'uint64', width: 4, penalty: 1 },
  { type: 'int64', width: 4, penalty: 1.5 },
  { type: 'bcd16', width: 1, penalty: 8 },
  { type: 'bcd32', width: 2, penalty: 8 },
];
const ORDERS: readonly ByteOrder[] = ['ABCD', 'CDAB', 'BADC', 'DCBA'];
const ORDER_PENALTY: Record<ByteOrder, number> = { ABCD: 0, CDAB: 1, BADC: 6, DCBA: 6 };
const ORDER_TEXT: Record<ByteOrder, string> = { ABCD: 'big-endian', CDAB: 'word-swapped', BADC: 'byte-swapped', DCBA: 'little-endian' };
const SCALES = [1, 0.1, 0.01, 0.001, 0.0001, 10, 100, 1000];
const TIER: Record<MatchKind, number> = { exact: 400, scaled: 300, rounded: 200, loose: 100 };

export interface Display {
  target: number;
  /** One unit of the last digit shown (0.1 for "230.1"). */
  resolution: number;
  text: string;
}

/**
 * Read what the display shows. A unit after the number is ignored; "230,1" is a decimal comma; with both
 * separators the last one is the decimal point ("1.234,5" and "1,234.5" are both 1234.5).
 */
export function parseDisplay(display: number | string): Display {
  const text = typeof display === 'number' ? String(display) : display.trim();
  const shown = /^[+-]?[\d.,]*\d(?:[eE][+-]?\d+)?/.exec(text)?.[0] ?? '';
  const decimalComma = shown.lastIndexOf(',') > shown.lastIndexOf('.');
  const plain = decimalComma ? shown.replaceAll('.', '').replace(',', '.') : shown.replaceAll(',', '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(plain);
  if (!m || (m[2] === '' && !m[3])) throw new RangeError(`"${text}" is not a number`);
  const places = (m[3]?.length ?? 0) - Number(m[4] ?? 0);
  return { target: Number(plain), resolution: places > 0 ? 1 / 10 ** places : 10 ** -places, text: shown };
}

export function solveKnownValue(input: SolveInput): SolveCandidate[] {
  const { registers, display, tolerance } = SolveInput.parse(input);
  const shown = parseDisplay(display);
  const out: { c: SolveCandidate; n: number }[] = [];
  for (let at = 0; at < registers.length; at++) {
    for (const t of TYPES) {
      if (at + t.width > registers.length) continue;
      const seen = new Set<number>();
      for (const order of t.width === 1 ? ORDERS.filter((o) => o === 'ABCD' || o === 'BADC') : ORDERS) {
        const spec: TagCodecSpec = { type: t.type, order, scale: 1, offset: 0, sentinel: 'none' };
        const decoded = decodeTag(registers, spec, { at });
        if (decoded.kind !== 'value') continue;
        const raw = Number(decoded.value);
        if (!Number.isFinite(raw) || seen.has(raw) || isNegligibleFloat(raw, t.type)) continue;
        seen.add(raw);
        for (const scale of raw === 0 ? [1] : SCALES) {
          const c = judge(raw, { ...spec, scale }, at, t.width, t.penalty, shown, tolerance);
          if (c) out.push({ c, n: out.length });
        }
      }
    }
  }
  return out.sort((a, b) => b.c.score - a.c.score || a.n - b.n).map((x) => x.c);
}

/** Floats this close to zero (subnormals and their neighbours) are what integer bits look like, not a measurement. */
function isNegligibleFloat(v: number, type: SolverType): boolean {
  return (type === 'float32' || type === 'float64') && v !== 0 && Math.abs(v) < 1e-30;
}

function judge(raw: number, spec: TagCodecSpec, at: number, width: number, typePenalty: number, shown: Display, tolerance: number | undefined): SolveCandidate | null {
  const { target, resolution } = shown;
  const isFloat = spec.type === 'float32' || spec.type === 'float64';
  const value = applyLinear(raw, spec.scale, 0);
  const error = Math.abs(value - target);
  const exactWithin = Math.abs(target) * (spec.type === 'float32' ? 2 ** -23 : isFloat ? 2 ** -50 : 1e-12);
  let match: MatchKind;
  let closeness = 0;
  if (error <= exactWithin) match = spec.scale === 1 ? 'exact' : 'scaled';
  else if (error <= (resolution / 2) * (1 + 1e-9)) {
    match = 'rounded';
    closeness = error / (resolution / 2);
  } else if (tolerance !== undefined && error <= tolerance) {
    match = 'loose';
    closeness = error / tolerance;
  } else return null;
  const penalty =
    (width - 1) * 4 +
    (width === 1 ? (spec.order === 'BADC' ? ORDER_PENALTY.BADC : 0) : ORDER_PENALTY[spec.order as ByteOrder]) +
    at * 5 +
    typePenalty +
    (isFloat && spec.scale !== 1 ? 10 : 0) +
    Math.abs(Math.log10(spec.scale)) +
    closeness * (match === 'loose' ? 40 : 10);
  const score = Math.round((TIER[match] - penalty) * 100) / 100;
  return { spec, at, width, raw, value, match, error, score, reason: reason(spec, at, width, raw, value, match, error, shown, tolerance) };
}

function reason(spec: TagCodecSpec, at: number, width: number, raw: number, value: number, match: MatchKind, error: number, shown: Display, tolerance: number | undefined): string {
  const order = spec.order as ByteOrder;
  const name = spec.type.startsWith('bcd') ? spec.type.toUpperCase() : spec.type;
  const layout = width === 1 ? (order === 'BADC' ? ', byte-swapped' : '') : `, ${ORDER_TEXT[order]} (${width === 4 ? ORDER_64[order] : order})`;
  const scale = spec.scale === 1 ? '' : ` × ${spec.scale}`;
  const where = at > 0 ? ` from register +${at}` : '';
  const isFloat = spec.type === 'float32' || spec.type === 'float64';
  const v = fmt(value, spec.type === 'float32');
  const computed = spec.scale === 1 ? v : `${isFloat ? fmt(raw, spec.type === 'float32') : raw} → ${v}`;
  const tail =
    match === 'exact' || match === 'scaled'
      ? `${computed} exactly`
      : match === 'rounded'
        ? `${computed}, shown as ${shown.text}`
        : `${computed}, ${fmt(error, false)} from ${shown.text} (within ±${tolerance ?? 0})`;
  return `${name}${layout}${scale}${where}: ${tail}`;
}

function fmt(n: number, float32: boolean): string {
  return String(float32 ? Number(n.toPrecision(7)) : Number(n.toPrecision(12)));
}
