import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { ModbusTable } from '../../shared/modbus/tables';
import {
  DEFAULT_MAX_BYTES,
  deviceNameFromFile,
  exportCsv,
  exportFieldbenchJson,
  exportKepwareCsv,
  exportTelegraf,
  formatProblem,
  importMap,
  parseDevicePath,
  refusedImport,
  registerLabel,
  type ExportProblem,
  type ImportOptions,
  type ImportResult,
} from '../../shared/import';
import { oneOf, parseIntFlag } from '../args';
import { DEVICE_MARKER_OPTIONS, deviceSunSpecBase } from './device-marker';
import { MAP_DISCOVER_HELP, mapDiscoverCommand } from './map-discover';

export const MAP_HELP = `fieldbench map check FILE [--json] [--quiet] [IMPORT OPTIONS] [--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT --unit N]
fieldbench map export FILE --format json|csv|kepware|telegraf [--out FILE] [IMPORT OPTIONS]
${MAP_DISCOVER_HELP}
  Reads a register map (CSV with , or ; and decimal commas, XLSX, Kepware CSV export, Fieldbench JSON, SunSpec
  model JSON), prints its tags and every problem with file, row and column. Exit code 1 when there are errors.

  --json                  one JSON object: tags, rejected rows, problems, summary
  --quiet                 problems and the summary only, no tag table
  --tcp/--rtu/--rtu-over-tcp, --unit N
                          check: find where the device has its SunSpec marker (reads only) and warn when the map
                          is one register off from it
  --sheet NAME            XLSX sheet (default the one that holds a register table); tag map of a project file
  --device-path P         Site/Area/Line/Cell/Device the tags go under (default Site/Area/Line/Cell/<file name>)
  --base 0|1              plain addresses without a table digit count from 0 (default) or 1
  --five-digit M          40001 is a Modicon register number (conventional: wire 0) or a plain number (offset, with
                          --base 1: wire 40000, as SunSpec writes it); default decided from the file
  --table T               table of plain addresses when the file has no table column (default holding)
  --sunspec-address N     0-based address of a SunSpec model's ID register (default 40002)
  --word-order O          word order of 32/64-bit values in a Kepware export (default CDAB, "first word low")
  --max-mb N              refuse files larger than N MB (default 512; XLSX 100)
  --format F --out FILE   export: Fieldbench JSON, CSV (--delimiter ";" for European Excel), Kepware CSV, or a
                          Telegraf [[inputs.modbus]] request config (--controller tcp://HOST:502 --unit N)`;

export const IMPORT_FLAGS = {
  sheet: { type: 'string' },
  'device-path': { type: 'string' },
  base: { type: 'string' },
  table: { type: 'string' },
  'sunspec-address': { type: 'string' },
  'word-order': { type: 'string' },
  'five-digit': { type: 'string' },
  'max-mb': { type: 'string' },
} as const;

type ImportFlags = { [K in keyof typeof IMPORT_FLAGS]?: string };

/** The file's bytes, or its size when it is past the limit (the parser would refuse it; do not read gigabytes first). */
function readInput(file: string | undefined, maxBytes: number): Uint8Array | { tooLarge: number } {
  if (!file) throw new FieldbenchError('invalid_input', 'map: FILE is required (fieldbench map check FILE)');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new FieldbenchError('invalid_input', `${file} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof FieldbenchError) throw err;
    throw new FieldbenchError('invalid_input', `cannot open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (size > maxBytes) return { tooLarge: size };
  try {
    const buf = readFileSync(file);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (err) {
    throw new FieldbenchError('io_error', `cannot read ${file}: ${(err as Error).message}`);
  }
}

function importOptions(file: string, flags: ImportFlags): ImportOptions {
  const devicePath = flags['device-path'] ?? `Site/Area/Line/Cell/${deviceNameFromFile(file)}`;
  const dp = parseDevicePath(devicePath);
  if (!dp.ok) throw new FieldbenchError('invalid_input', `--device-path: ${dp.message}`);
  const opts: ImportOptions = { devicePath };
  if (flags.sheet !== undefined) opts.sheet = flags.sheet;
  if (flags.base !== undefined) opts.plainBase = parseIntFlag(flags.base, '--base', 0, 1) as 0 | 1;
  if (flags.table !== undefined) opts.defaultTable = oneOf(flags.table, '--table', ModbusTable.options, 'holding');
  if (flags['sunspec-address'] !== undefined) opts.sunspecModelAddress = parseIntFlag(flags['sunspec-address'], '--sunspec-address', 0, 65535);
  if (flags['five-digit'] !== undefined) opts.fiveDigit = oneOf(flags['five-digit'], '--five-digit', ['conventional', 'offset'] as const, 'conventional');
  if (flags['word-order'] !== undefined) opts.kepwareWordOrder = oneOf(flags['word-order'], '--word-order', ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const, 'CDAB');
  if (flags['max-mb'] !== undefined) {
    const mb = parseIntFlag(flags['max-mb'], '--max-mb', 1, 4096);
    opts.maxBytes = opts.maxXlsxBytes = mb * 1024 * 1024;
  }
  return opts;
}

export function load(file: string | undefined, flags: ImportFlags, deviceSunSpecBase?: number): ImportResult {
  const opts = importOptions(file ?? '', flags);
  if (deviceSunSpecBase !== undefined) opts.deviceSunSpecBase = deviceSunSpecBase;
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = readInput(file, max);
  const name = path.basename(file!);
  if ('tooLarge' in bytes) return refusedImport(name, `the file is ${Math.round(bytes.tooLarge / 1024 / 1024)} MB, above the ${Math.round(max / 1024 / 1024)} MB import limit (--max-mb)`, opts);
  return importMap(bytes, name, opts);
}

const FORMAT_NAMES: Record<ImportResult['format'], string> = {
  csv: 'CSV',
  xlsx: 'XLSX',
  'kepware-csv': 'Kepware CSV export',
  'fieldbench-json': 'Fieldbench JSON',
  'sunspec-json': 'SunSpec model JSON',
};

function summaryLine(r: ImportResult): string {
  const s = r.summary;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${r.file}: ${FORMAT_NAMES[r.format]}, ${plural(s.rows, 'row')} -> ${plural(s.tags, 'tag')}, ${s.rejected} rejected, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
}

function printHuman(r: ImportResult, quiet: boolean, out: (line: string) => void): void {
  if (!quiet && r.tags.length) {
    out(`Tags under ${r.devicePath}:`);
    out(`  ${'ROW'.padStart(6)}  ${'REGISTER'.padEnd(9)} ${'ADDR'.padStart(5)}  ${'TYPE'.padEnd(10)} ${'ORDER'.padEnd(5)} ${'SCALE'.padStart(9)}  ${'UNITS'.padEnd(6)} ${'ACCESS'.padEnd(10)} NAME`);
    for (const t of r.tags) {
      const type = t.type === 'string' ? `string[${t.length}]` : t.type;
      const scale = t.offset !== 0 ? `${t.scale}${t.offset >= 0 ? '+' : ''}${t.offset}` : String(t.scale);
      out(`  ${String(t.source.row).padStart(6)}  ${registerLabel(t).padEnd(9)} ${String(t.address).padStart(5)}  ${type.padEnd(10)} ${t.order.padEnd(5)} ${scale.padStart(9)}  ${t.units.padEnd(6)} ${t.access.padEnd(10)} ${t.name}`);
    }
  }
  if (r.rejected.length) {
    out(`Rejected rows (${r.rejected.length}):`);
    for (const x of r.rejected) out(`  row ${x.row}: ${x.problems.map((p) => p.message).join('; ')}`);
  }
  if (r.problems.length) {
    out(`Problems (${r.problems.length}):`);
    for (const p of r.problems) out(`  ${formatProblem(p)}`);
  }
  out(summaryLine(r));
}

/** parseArgs with its complaints (unknown option, missing value) as bad-argument errors: exit code 2. */
function args<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new FieldbenchError('invalid_input', (err as Error).message);
  }
}

export async function mapCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    out(MAP_HELP);
    return 0;
  }
  if (sub === 'discover') return mapDiscoverCommand(rest, out, err);
  if (sub === 'check') {
    const options = { ...IMPORT_FLAGS, ...DEVICE_MARKER_OPTIONS, json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } as const;
    const { values, positionals } = args({ args: rest, options, allowPositionals: true, strict: true });
    if (positionals.length > 1) throw new FieldbenchError('invalid_input', `map check takes one FILE, got ${positionals.length}`);
    const base = await deviceSunSpecBase(values, err);
    const r = load(positionals[0], values, base);
    if (values.json) out(JSON.stringify(r));
    else printHuman(r, values.quiet, out);
    return r.summary.errors > 0 ? 1 : 0;
  }
  if (sub === 'export') {
    const options = { ...IMPORT_FLAGS, format: { type: 'string' }, out: { type: 'string' }, delimiter: { type: 'string' }, controller: { type: 'string' }, unit: { type: 'string' } } as const;
    const { values, positionals } = args({ args: rest, options, allowPositionals: true, strict: true });
    const format = oneOf(values.format, '--format', ['json', 'csv', 'kepware', 'telegraf'] as const, 'json');
    if (values.format === undefined) throw new FieldbenchError('invalid_input', '--format is required: json, csv, kepware or telegraf');
    const delimiter = oneOf(values.delimiter, '--delimiter', [',', ';'] as const, ',');
    const unit = parseIntFlag(values.unit, '--unit', 0, 255, 1);
    const r = load(positionals[0], values);
    for (const p of r.problems) err(formatProblem(p));
    let text: string;
    let notes: string[] = [];
    let problems: ExportProblem[] = [];
    if (format === 'json') text = exportFieldbenchJson(r.tags, r.devicePath);
    else if (format === 'csv') text = exportCsv(r.tags, { delimiter });
    else if (format === 'kepware') ({ text, notes, problems = [] } = exportKepwareCsv(r.tags));
    else ({ text, notes } = exportTelegraf(r.tags, { devicePath: r.devicePath, slaveId: unit, ...(values.controller ? { controller: values.controller } : {}) }));
    for (const n of notes) err(`note: ${n}`);
    for (const p of problems) err(`${values.out ?? 'output'}: row ${p.row}: warning: ${p.message}`);
    if (values.out) {
      writeFileSync(values.out, text);
      err(`${summaryLine(r)}; wrote ${r.tags.length} tags to ${values.out}`);
    } else process.stdout.write(text);
    return r.summary.errors > 0 ? 1 : 0;
  }
  throw new FieldbenchError('invalid_input', `unknown map command "${sub}" (map check, map export)`);
}
