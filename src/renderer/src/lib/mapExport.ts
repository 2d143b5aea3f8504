import { exportCsv, exportFieldbenchJson, exportKepwareCsv, exportTelegraf, DEFAULT_DEVICE_PATH } from '../../../shared/import';
import { isModbusTag, type Connection, type Device, type TagMap } from '../../../shared/project/schema';
import { toImportedTag } from '../../../shared/tags/imported';
import { downloadText } from './download';

export type ExportKind = 'json' | 'csv' | 'kepware' | 'telegraf';

export const EXPORTS: { kind: ExportKind; label: string; what: string }[] = [
  { kind: 'json', label: 'Fieldbench JSON', what: 'lossless: enum labels, bit names, scale factors' },
  { kind: 'csv', label: 'CSV', what: 'one row per tag, opens in Excel' },
  { kind: 'kepware', label: 'Kepware CSV', what: 'tag import for the KEPServerEX Modbus driver' },
  { kind: 'telegraf', label: 'Telegraf config', what: '[[inputs.modbus]] request configuration' },
];

/** The device path the map's tags were imported under (their path minus the tag name), or the default. */
function devicePathOf(map: TagMap): string {
  const p = map.tags.find((t) => t.path)?.path;
  if (!p) return DEFAULT_DEVICE_PATH;
  const levels = p.split('/');
  return levels.length === 6 ? levels.slice(0, 5).join('/') : DEFAULT_DEVICE_PATH;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'map';

/** Export a project map in one of the exporters' formats and hand it to the browser as a download. Returns notes on what the format could not carry. */
export function exportMap(map: TagMap, kind: ExportKind, device: Device | undefined, connection: Connection | undefined): string[] {
  const tags = map.tags.flatMap((t, i) => (isModbusTag(t) ? [toImportedTag(t, map.name, i + 1)] : []));
  const devicePath = devicePathOf(map);
  const base = safe(map.name);
  if (kind === 'json') {
    downloadText(`${base}.fieldbench.json`, exportFieldbenchJson(tags, devicePath), 'application/json;charset=utf-8');
    return [];
  }
  if (kind === 'csv') {
    downloadText(`${base}.csv`, exportCsv(tags));
    return ['enum labels, bit-field names and SunSpec scale factors need the Fieldbench JSON export'].filter(() => tags.some((t) => t.labels || t.flags || t.sfAddress !== undefined));
  }
  if (kind === 'kepware') {
    const r = exportKepwareCsv(tags);
    downloadText(`${base}.kepware.csv`, r.text);
    return [...r.notes, ...(r.problems ?? []).map((p) => `row ${p.row}: ${p.message}`)];
  }
  const controller = connection?.kind === 'tcp' ? `tcp://${connection.host}:${connection.port}` : connection?.kind === 'rtu' ? `file://${connection.path}` : undefined;
  const r = exportTelegraf(tags, { devicePath, ...(controller ? { controller } : {}), ...(device?.protocol === 'modbus' ? { slaveId: device.unitId } : {}) });
  downloadText(`${base}.telegraf.conf`, r.text, 'text/plain;charset=utf-8');
  return r.notes;
}
