import type { Device } from '../../../../shared/project/schema';

export type Fields = Record<string, string>;

/**
 * Read a whole-number field. Text that is not a whole number is still sent as typed, so the engine validates
 * every field in one go (and stays the one judge); the form then words that field's problem itself.
 */
export function wholeNumber(text: string, field: string, local: Fields): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  local[field] = s === '' ? 'required' : 'enter a whole number';
  return s as unknown as number;
}

/** "Pump skid", or "Pump skid 2" when that name is taken. */
export function uniqueName(base: string, devices: readonly Device[]): string {
  if (!devices.some((d) => d.name === base)) return base;
  for (let i = 2; ; i++) if (!devices.some((d) => d.name === `${base} ${i}`)) return `${base} ${i}`;
}
