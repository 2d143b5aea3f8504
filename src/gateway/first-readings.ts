import type { EngineCore } from '../engine/core';

/** The longest the gateway waits for first readings before its NBIRTH (a source that never answers must not hold it). */
export const FIRST_READINGS_CAP_MS = 10_000;

/**
 * Resolve once every tag has a first reading, of any quality (a device that does not answer gives Bad after its
 * timeout), or after `capMs`; with the keys still without one. The Sparkplug births wait for it, so they carry the
 * first values, and a source that carries no type in the project (OPC UA, CIP) is typed from its value, not String.
 */
export function firstReadings(core: Pick<EngineCore, 'onReading' | 'reading'>, keys: readonly string[], capMs = FIRST_READINGS_CAP_MS): Promise<string[]> {
  const missing = new Set(keys.filter((k) => core.reading(k) === undefined));
  if (missing.size === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve([...missing]);
    };
    const timer = setTimeout(done, capMs);
    const off = core.onReading((r) => {
      missing.delete(r.key);
      if (missing.size === 0) done();
    });
  });
}
