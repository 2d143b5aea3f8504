/**
 * Unix time registers to ISO 8601 strings (UTC, with milliseconds: "2024-05-01T12:00:00.000Z").
 * unix32s is uint32 seconds (good until 2106); unix64ms is int64 milliseconds.
 */

/** The range a JS Date can hold: ±100,000,000 days around 1970. */
const MAX_MS = 8.64e15;

export type TimeResult = { ok: true; iso: string } | { ok: false; reason: string };

export function secondsToIso(seconds: number): TimeResult {
  return { ok: true, iso: new Date(seconds * 1000).toISOString() };
}

export function millisToIso(ms: bigint): TimeResult {
  if (ms > BigInt(MAX_MS) || ms < -BigInt(MAX_MS)) return { ok: false, reason: `${ms} ms is outside the range of a date` };
  return { ok: true, iso: new Date(Number(ms)).toISOString() };
}

/** Milliseconds since 1970 from an ISO string (or a number of milliseconds); throws RangeError if invalid. */
export function parseTime(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_MS) throw new RangeError(`${String(value)} is not a valid time`);
  return ms;
}

/** Whole seconds for unix32s; refuses fractions of a second and times outside 1970..2106. */
export function isoToSeconds(value: string | number): number {
  const ms = parseTime(value);
  if (ms % 1000 !== 0) throw new RangeError(`unix32s holds whole seconds; ${String(value)} has milliseconds`);
  const s = ms / 1000;
  if (s < 0 || s > 0xffffffff) throw new RangeError(`${String(value)} is outside 1970..2106, the range of unix32s`);
  return s;
}

export function isoToMillis(value: string | number): bigint {
  const ms = parseTime(value);
  if (!Number.isInteger(ms)) throw new RangeError(`unix64ms holds whole milliseconds, not ${ms}`);
  return BigInt(ms);
}
