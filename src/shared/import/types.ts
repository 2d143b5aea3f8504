import type { ModbusTable } from '../modbus/tables';

/**
 * The register-map importer's data: what a file turns into (tags), what it could not turn into (rejected rows),
 * and why (problems). Pure data, so it crosses the contract and renders in the UI as is.
 */

/** The formats the importer reads. */
export type MapFormat = 'csv' | 'xlsx' | 'kepware-csv' | 'fieldbench-json' | 'sunspec-json';

export type Severity = 'error' | 'warning';

export type ProblemCode =
  | 'unreadable' // the file as a whole cannot be read: empty, binary, wrong format, too large
  | 'missing-column' // a required column (address) is not in the header
  | 'missing-value' // a row lacks a value it needs (address, a string's length)
  | 'unknown-type' // a data type the codec does not know
  | 'bad-address' // an address in no notation the importer knows
  | 'address-out-of-range' // the value runs past 65535 or a bit past 15
  | 'unparseable-number' // scale, offset, length ... is not a number
  | 'bad-value' // a cell with a value the field does not take (access "maybe", order "XYZW")
  | 'overlap' // two tags share registers of the same table
  | 'duplicate-name' // two tags with the same path
  | 'invalid-name' // a name not valid in a Sparkplug metric name or an OPC UA browse name
  | 'off-by-one' // the addresses look shifted by one register
  | 'assumption'; // the importer had to assume something the file does not say (word order, default type)

export interface ImportProblem {
  file: string;
  /** 1-based: the line a CSV record starts on, the spreadsheet row, the index in a JSON tag list. */
  row?: number;
  /** The header of the column at fault, as written in the file (or the JSON key). */
  column?: string;
  /** Spreadsheet-style cell reference (C12), where there is a row and a column. */
  cell?: string;
  severity: Severity;
  code: ProblemCode;
  message: string;
  /** A fix the importer suggests (a valid name, a shifted address...). */
  suggestion?: string;
}

/** Recognised by the codec in src/shared/codec (TagType); kept as strings so the importer does not pin that list. */
export type TagTypeName = string;

export type WordOrder = 'ABCD' | 'CDAB' | 'BADC' | 'DCBA';
export type Access = 'read' | 'read-write';

/** One imported engineering value: the project Tag plus the codec fields a vendor map can carry. */
export interface ImportedTag {
  /** The name as the file has it. */
  name: string;
  /** ISA-95 path Site/Area/Line/Cell/Device/Name; its last segment is the name, made valid where it was not. */
  path: string;
  table: ModbusTable;
  /** 0-based protocol address (holding register 40001 is 0). */
  address: number;
  type: TagTypeName;
  order: WordOrder;
  /** Bit 0..15 of the register, for type 'bit'. */
  bit?: number;
  /** Registers of a string. */
  length?: number;
  scale: number;
  offset: number;
  units: string;
  access: Access;
  description: string;
  scanClassMs?: number;
  clamp?: { min?: number; max?: number };
  /** SunSpec: the scale-factor point's name and (once laid out) address. */
  sfPoint?: string;
  sfAddress?: number;
  /** Enum labels by raw value and bit-field names by bit number, as the codec's spec takes them. */
  labels?: Record<string, string>;
  flags?: Record<string, string>;
  sentinel?: 'none' | 'sunspec' | 'sunspec-acc';
  /** Where the tag came from. */
  source: { file: string; row: number };
}

/** A row that produced no tag, with what it said and why it was refused. */
export interface RejectedRow {
  row: number;
  /** The row's cells by header (CSV, XLSX, Kepware) or its JSON text. */
  cells: Record<string, string>;
  problems: ImportProblem[];
}

export interface ImportSummary {
  rows: number;
  tags: number;
  rejected: number;
  errors: number;
  warnings: number;
}

export interface ImportResult {
  file: string;
  format: MapFormat;
  devicePath: string;
  tags: ImportedTag[];
  rejected: RejectedRow[];
  /** Every problem, file-level and per-row (a rejected row's problems are also in its entry). */
  problems: ImportProblem[];
  summary: ImportSummary;
}

/** Where a plain number without a table prefix counts from. */
export type AddressBase = 0 | 1;

export interface AddressOptions {
  /** Table for addresses that do not name one (a plain offset, hex). Default holding. */
  defaultTable?: ModbusTable;
  /** Plain numbers (no table digit, not hex) are 0-based offsets (default) or 1-based register numbers. */
  plainBase?: AddressBase;
  /** Ignition-style designators (HR1, IR1, C1, DI1) count from 1 (Ignition's default) or from 0. */
  designatorBase?: AddressBase;
  /**
   * 5-digit numbers such as 40001: Modicon register numbers with the table digit in front ('conventional', holding
   * register 1 = wire 0) or plain numbers ('offset', as SunSpec writes 40001 for wire 40000 with plainBase 1).
   * Default: decided per file (a 40000 or 50001 in the map means plain numbers).
   */
  fiveDigit?: 'conventional' | 'offset';
}

export interface ImportOptions extends AddressOptions {
  /** Site/Area/Line/Cell/Device the tags are imported under. Default "Site/Area/Line/Cell/Device". */
  devicePath?: string;
  /** XLSX: the sheet by name (default the one that holds a register table); JSON project: the tag map by name or id (default the first). */
  sheet?: string;
  /** Input larger than this is refused with one error before parsing. Default 512 MiB. */
  maxBytes?: number;
  /** XLSX only: a workbook larger than this, or a sheet that inflates beyond maxSheetBytes, is refused. */
  maxXlsxBytes?: number;
  maxSheetBytes?: number;
  /** XLSX only: all parts read from one workbook, inflated; one row (or shared string) as XML; the shared strings held. */
  maxInflatedBytes?: number;
  maxRowBytes?: number;
  maxSharedStringsBytes?: number;
  /** SunSpec model JSON: the 0-based address of the model's ID register. Default 40002 (after "SunS" at 40000). */
  sunspecModelAddress?: number;
  /** Kepware exports do not carry the device's word order; 32/64-bit values use this. Default CDAB ("first word low"). */
  kepwareWordOrder?: WordOrder;
  /** Type names the codec decodes; a type outside it is an "unknown type". Default KNOWN_TAG_TYPES. */
  knownTypes?: readonly string[];
  /** Where the target device has its "SunS" marker (0-based), from SunSpec discovery: the off-by-one check holds the map against it. */
  deviceSunSpecBase?: number;
  /** Called every few thousand rows of a table: rows read so far, and of how many (when known). */
  onProgress?: (rows: number, total: number | undefined) => void;
}

export const DEFAULT_DEVICE_PATH = 'Site/Area/Line/Cell/Device';
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_XLSX_BYTES = 100 * 1024 * 1024;
/** One part (a sheet, the shared strings) of a workbook, inflated: a 150,000-row register map's sheet is about 40 MB. */
export const DEFAULT_MAX_SHEET_BYTES = 256 * 1024 * 1024;
/** Everything read from one workbook, inflated. */
export const DEFAULT_MAX_INFLATED_BYTES = 384 * 1024 * 1024;
/** One row of a sheet (or one shared string) as XML: a register map's row is well under a kilobyte. */
export const DEFAULT_MAX_ROW_BYTES = 4 * 1024 * 1024;
/** The shared strings of a workbook, held while its sheet is read: a 150,000-row map's are a few MB. */
export const DEFAULT_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;
