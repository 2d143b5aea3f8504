import type { RequestInput } from '../../../../shared/contract';
import type { ErrorIssue } from '../../../../shared/errors';
import { Host } from '../../../../shared/project/schema';
import { fieldMessage } from '../../lib/fieldMessage';

type ScanInput = RequestInput<'scan.start'>;

/** The scan form's fields as the operator reads them, by the input path the engine names. */
const LABELS: Record<string, string> = {
  hosts: 'Hosts',
  port: 'Port',
  path: 'Serial port',
  bauds: 'Baud rates',
  parities: 'Parity',
  stopBits: 'Stop bits',
  'units.from': 'Units from',
  'units.to': 'Units to',
  units: 'Units',
  timeoutMs: 'Probe timeout',
};

/** The hosts the operator typed: one per line, or separated by commas or semicolons. */
export function splitHosts(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((h) => h.trim())
    .filter(Boolean);
}

const notAHost = (h: string) => `'${h}' is not an IP address or host name`;

/** The first host that is not one, in the operator's words; null when all are hosts. */
export function badHosts(hosts: readonly string[]): string | null {
  const bad = hosts.filter((h) => !Host.safeParse(h).success);
  if (bad.length === 0) return null;
  return `${notAHost(bad[0]!)}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}`;
}

/**
 * The engine's schema problems with a scan request, worded for the form: each under its field ("hosts.3" under
 * Hosts, naming the host typed), and one line that names the fields — never a raw schema path.
 */
export function scanProblems(input: ScanInput, issues: readonly ErrorIssue[]): { fields: Record<string, string>; summary: string } {
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  for (const issue of issues) {
    const m = /^hosts\.(\d+)$/.exec(issue.path);
    const key = m ? 'hosts' : issue.path in LABELS ? issue.path : issue.path.split('.')[0]!;
    const typed = m && input.kind === 'tcp' ? input.hosts[Number(m[1])] : undefined;
    const message = typed !== undefined ? notAHost(typed) : fieldMessage(issue.message);
    if (key in fields) continue;
    fields[key] = message;
    lines.push(`${LABELS[key] ?? key}: ${message}`);
  }
  return { fields, summary: lines.join(' · ') };
}
