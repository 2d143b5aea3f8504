import { parseArgs } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { ScanRequest } from '../../shared/schemas/scan';
import { ScanService } from '../../engine/modbus/scan';
import { parseIntFlag } from '../args';
import { CIP_SCAN_HELP, cipScanCommand } from './cip-scan';

export const SCAN_HELP = `fieldbench scan --rtu PORT [--bauds 9600,19200] [--parities none,even] [--stop 1|2] [--units 1-247] [--timeout MS] [--json]
fieldbench scan --tcp-hosts HOST[,HOST...] [--port 502] [--units 1-10] [--timeout MS] [--json]

  Probes each unit id with a harmless read (one holding register at address 0); any answer, even an exception,
  means a device is there. Only the port or hosts given are touched. Progress goes to stderr, finds to stdout.
${CIP_SCAN_HELP}`;

function parseUnits(v: string | undefined, fallback: { from: number; to: number }): { from: number; to: number } {
  if (!v) return fallback;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) throw new FieldbenchError('invalid_input', `--units "${v}" is not N or N-M`);
  return { from: parseIntFlag(m[1], '--units', 0, 255), to: parseIntFlag(m[2] ?? m[1], '--units', 0, 255) };
}

export async function scanCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (argv.some((a) => a === '--cip' || a.startsWith('--cip='))) return cipScanCommand(argv, out, err);
  const { values } = parseArgs({
    args: argv,
    options: {
      rtu: { type: 'string' },
      bauds: { type: 'string' },
      parities: { type: 'string' },
      stop: { type: 'string' },
      'tcp-hosts': { type: 'string' },
      port: { type: 'string' },
      units: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.rtu === !values['tcp-hosts']) throw new FieldbenchError('invalid_input', 'say what to scan: --rtu PORT or --tcp-hosts HOST[,HOST...]');
  const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
  const raw = values.rtu
    ? { kind: 'rtu', path: values.rtu, bauds: list(values.bauds)?.map(Number), parities: list(values.parities), stopBits: values.stop ? Number(values.stop) : undefined, units: parseUnits(values.units, { from: 1, to: 247 }), timeoutMs: values.timeout ? Number(values.timeout) : undefined }
    : { kind: 'tcp', hosts: list(values['tcp-hosts']), port: values.port ? Number(values.port) : undefined, units: parseUnits(values.units, { from: 1, to: 1 }), timeoutMs: values.timeout ? Number(values.timeout) : undefined };
  const parsed = ScanRequest.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new FieldbenchError('invalid_input', `${i.path.join('.') || 'scan'}: ${i.message}`);
  }
  let lastPct = -1;
  const service = new ScanService((p) => {
    const pct = Math.floor((p.done / Math.max(1, p.total)) * 10) * 10;
    if (pct !== lastPct && p.state === 'running') {
      lastPct = pct;
      err(`scan ${pct}% (${p.done}/${p.total}) ${p.current ?? ''}`);
    }
  });
  const { scanId } = service.start(parsed.data);
  const stop = () => service.cancel(scanId);
  process.once('SIGINT', stop);
  const end = await service.wait(scanId);
  process.off('SIGINT', stop);
  for (const h of end.found) out(values.json ? JSON.stringify(h) : `unit ${String(h.unitId).padStart(3)}  ${h.where.padEnd(28)} ${h.answer}  (${h.responseMs} ms)`);
  err(`scan ${end.state}: ${end.found.length} device(s) found, ${end.done}/${end.total} probes${end.error ? `: ${end.error}` : ''}`);
  return end.state === 'failed' ? 1 : 0;
}
