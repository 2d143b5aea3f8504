import { TABLE_INFO } from '../modbus/tables';
import { registerLabel, tagWidth } from './checks';
import type { ProblemList } from './problems';
import type { ImportedTag } from './types';

/** Names a map gives the SunSpec "SunS" marker register. */
const MARKER = /^(suns|sid|sunspec[ _-]?(id|marker)?|c[ _]sunspec[ _]id|sunspec identifier|marker)$/i;
/** 0-based addresses where SunSpec devices put the marker. */
const SUNSPEC_BASES = [0, 40000, 50000];
const MIN_ALIGNED = 8;

/** The import option that makes a shift of `d` happen, for maps written in plain numbers. */
function shiftBy(d: number, notation: 'offset' | 'conventional' | 'other'): string {
  const how = notation === 'offset' && d < 0 ? ' (import with plain addresses counted from 1)' : '';
  return `shift every address by ${d > 0 ? '+1' : '-1'}${how}`;
}

const list = (tags: readonly ImportedTag[], n = 4) => tags.slice(0, n).map(registerLabel).join(', ') + (tags.length > n ? ', ...' : '');

/**
 * Looks for maps that are one register off, and says why it thinks so:
 * - every 32/64-bit value of a table starts on an odd 0-based address, and so does the table's first tag (devices
 *   align them to even ones), so the numbers were probably 1-based where 0-based was meant, or the reverse;
 * - the marker is written "40001" and read as Modicon holding register 1, where SunSpec means wire address 40000;
 * - the SunSpec marker ("SunS") lands one register beside 0, 40000 or 50000, or the map starts one register beside
 *   those bases with a two-register value.
 * `notation` is how most addresses were written: it decides which way the suggested shift goes. `deviceBase` is where
 * the device itself has its "SunS" marker (0-based, from SunSpec discovery); when given, the map is held against
 * that address instead of the usual bases, and the warning says the device was asked.
 */
export function checkOffByOne(tags: readonly ImportedTag[], problems: ProblemList, notation: 'offset' | 'conventional' | 'other', deviceBase?: number): void {
  for (const table of ['holding', 'input'] as const) {
    const inTable = tags.filter((t) => t.table === table);
    const wide = inTable.filter((t) => t.type !== 'string' && tagWidth(t) >= 2);
    if (wide.length < MIN_ALIGNED || !wide.every((t) => t.address % 2 === 1)) continue;
    // A packed map that starts at 0 with a 16-bit value has odd 32-bit values by design; a shifted one starts odd.
    let lowest = Infinity;
    for (const t of inTable) if (t.address < lowest) lowest = t.address;
    if (lowest % 2 === 0) continue;
    const shift = notation === 'conventional' ? '+1' : '-1';
    problems.warning(
      'off-by-one',
      `all ${wide.length} 32/64-bit values start on an odd 0-based address (${list(wide)} are wire addresses ${wide
        .slice(0, 4)
        .map((t) => t.address)
        .join(', ')}); devices align them to even addresses, so the map is probably ${notation === 'conventional' ? 'numbered "4xxxx + offset"' : 'numbered from 1, not from 0'}`,
      {},
      `shift every address by ${shift}${notation === 'offset' ? ' (import with plain addresses counted from 1)' : ''}`,
    );
  }

  const bases = deviceBase === undefined ? SUNSPEC_BASES : [deviceBase];
  const baseText = (b: number) => (deviceBase === undefined ? `the SunSpec base ${b}` : `wire address ${b}, where this device has its "SunS" marker (SunSpec discovery)`);
  let markerFound = false;
  for (const t of tags) {
    if (t.name.length > 24 || TABLE_INFO[t.table].bits || !MARKER.test(t.name.trim())) continue;
    markerFound = true;
    if (t.address === 0 && notation === 'conventional' && deviceBase !== 0) {
      problems.warning(
        'off-by-one',
        `the SunSpec marker "${t.name}" is written as Modicon holding register ${registerLabel(t)} (wire address 0); ${
          deviceBase === undefined ? 'SunSpec numbers registers plainly, so "40001" usually means wire address 40000' : `this device has "SunS" at wire address ${deviceBase} (SunSpec discovery)`
        }`,
        { row: t.source.row, column: 'address' },
        `if the device has "SunS" at ${deviceBase ?? 40000}, import 5-digit addresses as plain numbers counted from 1 (fiveDigit offset, plainBase 1)`,
      );
      continue;
    }
    if (bases.includes(t.address)) continue;
    const near = bases.find((b) => Math.abs(t.address - b) === 1);
    if (near !== undefined) {
      const d = near - t.address;
      problems.warning(
        'off-by-one',
        `the SunSpec marker "${t.name}" is at wire address ${t.address} (${registerLabel(t)}), one register ${d > 0 ? 'below' : 'above'} ${baseText(near)}; every address is probably off by one`,
        { row: t.source.row, column: 'address' },
        shiftBy(d, notation),
      );
    } else if (deviceBase !== undefined) {
      problems.warning(
        'assumption',
        `the map puts the SunSpec marker "${t.name}" at wire address ${t.address} (${registerLabel(t)}), but this device has it at wire address ${deviceBase} (SunSpec discovery): the map may be laid out for another base`,
        { row: t.source.row, column: 'address' },
        `shift every address by ${deviceBase - t.address > 0 ? '+' : ''}${deviceBase - t.address}, or discover the device's models instead`,
      );
    }
  }
  if (markerFound) return;
  const holding = tags.filter((t) => t.table === 'holding');
  if (holding.length < (deviceBase === undefined ? 10 : 2)) return;
  const first = holding.reduce((a, b) => (b.address < a.address ? b : a));
  const near = bases.find((b) => (b > 0 || deviceBase !== undefined) && Math.abs(first.address - b) === 1);
  if (near !== undefined && tagWidth(first) === 2) {
    const d = near - first.address;
    problems.warning(
      'off-by-one',
      `the map starts with a two-register value at wire address ${first.address} (${registerLabel(first)}), one register ${d > 0 ? 'below' : 'above'} ${baseText(near)}${
        deviceBase === undefined ? ' where the "SunS" marker lives' : ''
      }; every address is probably off by one`,
      { row: first.source.row, column: 'address' },
      shiftBy(d, notation),
    );
  }
}
