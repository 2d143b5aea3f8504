import { csvCell } from '../../../../shared/import/csv';
import type { ImportProblem } from '../../../../shared/import';

/**
 * The problem list as a CSV for Excel: every cell quoted where needed, and a message or file name that begins like a
 * formula (a cell's own text is quoted in messages) is written inert.
 */
export function problemsCsv(problems: readonly ImportProblem[]): string {
  const lines = ['File,Row,Cell,Column,Severity,Code,Message,Suggestion'];
  for (const p of problems) lines.push([p.file, p.row, p.cell, p.column, p.severity, p.code, p.message, p.suggestion].map((v) => csvCell(String(v ?? ''))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
