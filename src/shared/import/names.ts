/**
 * Tag names become the last level of an ISA-95 path, Site/Area/Line/Cell/Device/Name, which the gateway publishes as
 * Sparkplug B metric names and the UI shows as OPC UA-style browse paths. A name must therefore be non-empty, carry
 * no "/" (the level separator), no "+" or "#" (MQTT wildcards, forbidden in Sparkplug ids), no control characters and
 * no leading or trailing blanks.
 */

export const PATH_LEVELS = ['Site', 'Area', 'Line', 'Cell', 'Device'] as const;
export const MAX_NAME_LENGTH = 200;

export interface NameVerdict {
  /** Empty when the name is fine. */
  reasons: string[];
  /** The name with every fault repaired (equal to the name when it was fine). */
  fixed: string;
}

const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Names with nothing to repair (the common case), tested in one go. */
const PLAIN_NAME = /^[^\s\u0000-\u001f\u007f-\u009f/+#](?:[^\u0000-\u001f\u007f-\u009f/+#]*[^\s\u0000-\u001f\u007f-\u009f/+#])?$/;

export function checkName(name: string): NameVerdict {
  if (name.length <= MAX_NAME_LENGTH && PLAIN_NAME.test(name)) return { reasons: [], fixed: name };
  const reasons: string[] = [];
  let fixed = name;
  if (HAS_CONTROL.test(fixed)) {
    reasons.push('contains control characters (line breaks, tabs)');
    fixed = fixed.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '');
  }
  if (/^\s|\s$/.test(fixed)) {
    reasons.push('has leading or trailing blanks');
    fixed = fixed.trim();
  }
  const bad = [...new Set(fixed.match(/[/+#]/g) ?? [])];
  if (bad.length) {
    reasons.push(`contains ${bad.map((c) => `"${c}"`).join(', ')} (${bad.includes('/') ? '"/" separates path levels; ' : ''}"+" and "#" are MQTT wildcards, not allowed in Sparkplug)`);
    fixed = fixed
      .replace(/\s*\/\s*/g, '_')
      .replace(/\s*\+\s*/g, '_plus_')
      .replace(/#/g, 'No')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '');
  }
  if (fixed.length > MAX_NAME_LENGTH) {
    reasons.push(`is longer than ${MAX_NAME_LENGTH} characters`);
    fixed = fixed.slice(0, MAX_NAME_LENGTH).trimEnd();
  }
  if (fixed === '') {
    if (!reasons.length) reasons.push('is empty');
    fixed = 'unnamed';
  }
  return { reasons, fixed };
}

/** A device path of exactly five valid levels, Site/Area/Line/Cell/Device. */
export function parseDevicePath(path: string): { ok: true; levels: string[] } | { ok: false; message: string } {
  const levels = path.split('/');
  if (levels.length !== PATH_LEVELS.length) {
    return { ok: false, message: `a device path has five levels, ${PATH_LEVELS.join('/')}; "${path}" has ${levels.length}` };
  }
  for (let i = 0; i < levels.length; i++) {
    const v = checkName(levels[i]!);
    if (v.reasons.length) return { ok: false, message: `the ${PATH_LEVELS[i]} level "${levels[i]}" ${v.reasons.join(' and ')}` };
  }
  return { ok: true, levels };
}

export function tagPath(devicePath: string, name: string): string {
  return `${devicePath}/${name}`;
}

/** A file name to a device level: "Inverter map (v2).csv" -> "Inverter map (v2)", made valid. */
export function deviceNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.[^.]+$/, '');
  return checkName(stem).fixed;
}
