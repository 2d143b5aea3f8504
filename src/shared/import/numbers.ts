/** The decimal separator of a file: European Excel writes "0,1" in its semicolon CSV. */
export type DecimalSeparator = '.' | ',';

export type NumberCell = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'bad'; text: string };

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DOT_GROUPS = /^[+-]?\d{1,3}(\.\d{3}){2,}$/;
const COMMA_GROUPS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const FRACTION = /^([+-]?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/;

/** Thousands separators that are not the decimal one: spaces (NBSP, thin) and the Swiss apostrophe. */
function stripGrouping(s: string): string {
  return s.replace(/[\s\u00a0\u202f']/g, '');
}

/**
 * A cell to a number. With decimal ',' : "0,1" and "1.234,5"; with '.' : "0.1", "1,234.5" and a quoted "0,5" typed by
 * hand. Also "1/10" (a scale written as a fraction) and the Unicode minus. Anything else is "bad", never a guess.
 */
const SIMPLE_DOT = /^-?\d+(\.\d+)?$/;
const SIMPLE_COMMA = /^-?\d+,\d+$/;

export function parseNumberCell(raw: string, decimal: DecimalSeparator = '.'): NumberCell {
  // The common cells ("12", "0.1", "0,1") without the general path's replacements.
  if (SIMPLE_DOT.test(raw)) return { kind: 'number', value: Number(raw) };
  if (SIMPLE_COMMA.test(raw) && (decimal === ',' || !COMMA_GROUPS.test(raw))) return { kind: 'number', value: Number(raw.replace(',', '.')) };
  let s = raw.trim();
  if (s === '') return { kind: 'empty' };
  s = stripGrouping(s.replace(/\u2212/g, '-'));
  const frac = FRACTION.exec(s);
  if (frac) {
    const d = Number(frac[2]);
    if (d !== 0) return { kind: 'number', value: Number(frac[1]) / d };
    return { kind: 'bad', text: raw };
  }
  const hasDot = s.includes('.');
  const hasComma = s.includes(',');
  if (hasDot && hasComma) {
    // The separator that comes last is the decimal one: 1.234,5 or 1,234.5.
    s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (hasComma) {
    if (decimal === '.' && COMMA_GROUPS.test(s)) s = s.replace(/,/g, '');
    else if ((s.match(/,/g) ?? []).length === 1) s = s.replace(',', '.');
  } else if (hasDot && decimal === ',' && DOT_GROUPS.test(s)) {
    s = s.replace(/\./g, '');
  }
  if (!PLAIN.test(s)) return { kind: 'bad', text: raw };
  const value = Number(s);
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'bad', text: raw };
}

/** An integer cell: decimal, or hex as 0x1A / 1Ah / $1A. */
export function parseIntegerCell(raw: string, decimal: DecimalSeparator = '.'): NumberCell {
  const s = raw.trim();
  const hex = /^(?:0x([0-9a-f]+)|\$([0-9a-f]+)|([0-9a-f]+)h)$/i.exec(s);
  if (hex) return { kind: 'number', value: parseInt(hex[1] ?? hex[2] ?? hex[3] ?? '', 16) };
  const n = parseNumberCell(s, decimal);
  if (n.kind === 'number' && !Number.isInteger(n.value)) return { kind: 'bad', text: raw };
  return n;
}
