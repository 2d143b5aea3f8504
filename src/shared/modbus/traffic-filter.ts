import type { TrafficEntry, TrafficFilter } from '../schemas/traffic';

/** A frame that went wrong: an exception answer, or a CRC that does not match its bytes. */
export function isErrorFrame(e: TrafficEntry): boolean {
  return !!e.exception || e.crc === 'bad';
}

/**
 * Whether a frame passes a traffic filter's connection, unit, errors-only and text tests (the text case-blind, in the
 * decoded text or the hex): one filter for the engine's traffic.list and CSV export and for the Traffic screen, so the
 * file matches the screen. afterId and limit pick from the log; they are the log's to apply.
 */
export function trafficMatches(e: TrafficEntry, f: TrafficFilter): boolean {
  if (f.connectionId && e.connectionId !== f.connectionId) return false;
  if (f.unitId !== undefined && e.unitId !== f.unitId) return false;
  if (f.onlyErrors && !isErrorFrame(e)) return false;
  const text = f.text?.toLowerCase();
  return !text || `${e.text} ${e.hex}`.toLowerCase().includes(text);
}
