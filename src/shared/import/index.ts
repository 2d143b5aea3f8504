/** The register-map importer and exporters: pure TypeScript, for the UI, the CLI and the engine alike. */
export * from './types';
export { UnreadableFileError, formatProblem, columnLetter } from './problems';
export { importMap, importTable, refusedImport, openSource, previewTable, type Source, type TableSource } from './import';
export { FIELDS, guessColumns, resolveMapping, type ColumnGuess, type ColumnMapping, type Field, type PreviewRow } from './columns';
export { parseAddress, addressStyle, type ParsedAddress, type AddressNotation } from './address';
export { parseKepwareAddress, KEPWARE_COLUMNS } from './kepware';
export { resolveTypeName, KNOWN_TAG_TYPES, typeWidth } from './type-names';
export { checkName, parseDevicePath, deviceNameFromFile, PATH_LEVELS } from './names';
export { parseNumberCell } from './numbers';
export { csvRows, detectDialect, type RawRow } from './csv';
export { readXlsx } from './xlsx';
export { registerLabel, tagWidth } from './checks';
export { exportFieldbenchJson, toStoredTag, type TagMapDocument, type StoredTag } from './export-json';
export { exportCsv, CSV_COLUMNS, type CsvExportOptions } from './export-csv';
export { exportKepwareCsv, type ExportProblem, type ExportResult } from './export-kepware';
export { kepwareEncoding, kepwareEncodingMark } from './kepware-encoding';
export { exportTelegraf, type TelegrafOptions } from './export-telegraf';
