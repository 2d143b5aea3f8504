/**
 * Enums (raw value -> label) and named bit fields (status words -> the names of the set bits).
 * A set bit without a name is reported as "bit N" so nothing the device says is dropped.
 */

export type Labels = Readonly<Record<string, string>>;

export function enumLabel(labels: Labels | undefined, raw: number): string | undefined {
  return labels === undefined ? undefined : labels[raw];
}

/** The raw value for an enum write: a number as is, or a label looked up (case-insensitively). */
export function enumRaw(labels: Labels | undefined, value: number | string): number {
  if (typeof value === 'number') return value;
  const wanted = value.trim().toLowerCase();
  for (const [raw, label] of Object.entries(labels ?? {})) if (label.toLowerCase() === wanted) return Number(raw);
  if (/^\d+$/.test(wanted)) return Number(wanted);
  throw new RangeError(`"${value}" is not one of the labels${labels ? `: ${Object.values(labels).join(', ')}` : ''}`);
}

/** Names of the set bits, least significant first. `bits` is an unsigned pattern of `width` bits. */
export function setFlags(bits: number, width: 16 | 32, flags: Labels | undefined): string[] {
  const out: string[] = [];
  if (bits === 0) return out;
  for (let i = 0; i < width; i++) {
    if (((bits >>> i) & 1) === 0) continue;
    out.push(flags?.[i] ?? `bit ${i}`);
  }
  return out;
}

/** The bit pattern for a list of flag names (or "bit N"); throws RangeError on an unknown name. */
export function flagsToBits(names: readonly string[], width: 16 | 32, flags: Labels | undefined): number {
  let bits = 0;
  for (const name of names) {
    const bit = bitOf(name, width, flags);
    bits |= 1 << bit;
  }
  return bits >>> 0;
}

function bitOf(name: string, width: number, flags: Labels | undefined): number {
  for (const [bit, flag] of Object.entries(flags ?? {})) if (flag === name) return Number(bit);
  const m = /^bit\s*(\d{1,2})$/i.exec(name.trim());
  if (m && Number(m[1]) < width) return Number(m[1]);
  throw new RangeError(`"${name}" is not a flag of this bit field`);
}
