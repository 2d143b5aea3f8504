import { FieldbenchError } from '../errors';
import type { ImportProblem, ImportSummary, ProblemCode, Severity } from './types';

/** A file that cannot be read at all: one clear message, no rows. */
export class UnreadableFileError extends FieldbenchError {
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'UnreadableFileError';
  }
}

/** 512 bytes, 12.5 KB, 100 MB: a size as a person reads it. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

/** Spreadsheet column letters for a 0-based column index (0 -> A, 26 -> AA). */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Where in the file a problem is. */
export interface Where {
  row?: number;
  column?: string;
  /** 0-based column index, for the cell reference. */
  columnIndex?: number;
}

/** Collects problems for one file. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  constructor(readonly file: string) {}

  make(severity: Severity, code: ProblemCode, message: string, where: Where = {}, suggestion?: string): ImportProblem {
    const p: ImportProblem = { file: this.file, severity, code, message };
    if (where.row !== undefined) p.row = where.row;
    if (where.column !== undefined) p.column = where.column;
    if (where.row !== undefined && where.columnIndex !== undefined) p.cell = `${columnLetter(where.columnIndex)}${where.row}`;
    if (suggestion !== undefined) p.suggestion = suggestion;
    return p;
  }

  error(code: ProblemCode, message: string, where?: Where, suggestion?: string): ImportProblem {
    const p = this.make('error', code, message, where, suggestion);
    this.items.push(p);
    return p;
  }

  warning(code: ProblemCode, message: string, where?: Where, suggestion?: string): ImportProblem {
    const p = this.make('warning', code, message, where, suggestion);
    this.items.push(p);
    return p;
  }
}

export function summarize(rows: number, tags: number, rejected: number, problems: readonly ImportProblem[]): ImportSummary {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { rows, tags, rejected, errors, warnings: problems.length - errors };
}

/** "file:row:cell: error: message" — the one-line form the CLI prints. */
export function formatProblem(p: ImportProblem): string {
  const at = [p.file, p.row !== undefined ? `row ${p.row}` : undefined, p.cell ?? p.column].filter((x) => x !== undefined).join(': ');
  const col = p.column !== undefined && p.cell !== undefined ? ` [${p.column}]` : '';
  const fix = p.suggestion !== undefined ? ` (suggested: ${p.suggestion})` : '';
  return `${at}${col}: ${p.severity}: ${p.message}${fix}`;
}
