import { randomBytes } from 'node:crypto';
import { FieldbenchError } from '../../shared/errors';
import { bitsPerChar, interFrameDelayMs } from '../../shared/modbus/serial-timing';
import type { ScanHit, ScanProgress, ScanRequest } from '../../shared/schemas/scan';
import { describeSerial, SerialLink } from '../transport/serial-link';
import { ModbusException } from './exceptions';
import { RtuMaster } from './rtu/rtu-master';
import { readRaw, type PduChannel } from './read';
import { TcpMaster } from './tcp-master';

/** The harmless probe: read one holding register at address 0. Any answer, even an exception, means someone is there. */
async function probe(channel: PduChannel, unitId: number): Promise<{ answer: string; ms: number } | null> {
  const t = performance.now();
  try {
    await readRaw(channel, { unitId, table: 'holding', address: 0, count: 1 });
    return { answer: 'registers', ms: performance.now() - t };
  } catch (err) {
    // A gateway's "target failed to respond" / "path unavailable" means nobody is behind it at that unit id.
    if (err instanceof ModbusException && err.exceptionCode !== 0x0a && err.exceptionCode !== 0x0b) return { answer: err.message, ms: performance.now() - t };
    if (err instanceof FieldbenchError && err.code === 'connection_failed') throw err;
    return null;
  }
}

interface Running {
  cancelled: boolean;
  progress: ScanProgress;
}

/**
 * Finds devices on a bus (unit ids x baud rates x parities) or on the hosts the user typed (x unit ids), with
 * progress and cancel. It only ever talks to the port or hosts given.
 */
export class ScanService {
  private readonly scans = new Map<string, Running>();

  constructor(private readonly onProgress: (p: ScanProgress) => void) {}

  start(req: ScanRequest): ScanProgress {
    const scanId = `scan-${randomBytes(5).toString('hex')}`;
    const units = req.units.to - req.units.from + 1;
    const total = req.kind === 'rtu' ? units * req.bauds.length * req.parities.length : units * req.hosts.length;
    const run: Running = { cancelled: false, progress: { scanId, state: 'running', done: 0, total, found: [] } };
    this.scans.set(scanId, run);
    void (req.kind === 'rtu' ? this.scanRtu(req, run) : this.scanTcp(req, run))
      .then(() => this.finish(run, run.cancelled ? 'cancelled' : 'done'))
      .catch((err: Error) => this.finish(run, 'failed', err.message));
    return { ...run.progress };
  }

  cancel(scanId: string): boolean {
    const r = this.scans.get(scanId);
    if (!r || r.progress.state !== 'running') return false;
    r.cancelled = true;
    return true;
  }

  status(scanId: string): ScanProgress | null {
    const r = this.scans.get(scanId);
    return r ? { ...r.progress, found: [...r.progress.found] } : null;
  }

  /** Wait for a scan to end (CLI and tests). */
  async wait(scanId: string): Promise<ScanProgress> {
    for (;;) {
      const s = this.status(scanId);
      if (!s || s.state !== 'running') return s!;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  cancelAll(): void {
    for (const r of this.scans.values()) r.cancelled = true;
  }

  private finish(run: Running, state: ScanProgress['state'], error?: string): void {
    run.progress = { ...run.progress, state, current: undefined, ...(error ? { error } : {}) };
    this.onProgress({ ...run.progress, found: [...run.progress.found] });
  }

  /** One probe done. `note`: what `current` says must reach the user (a unit skipped), so it is emitted at once. */
  private tick(run: Running, current: string, hit?: ScanHit, note = false): void {
    run.progress.done++;
    run.progress.current = current;
    if (hit) run.progress.found.push(hit);
    // Emit on every hit and note, and otherwise every few probes: enough for a smooth progress bar.
    if (hit || note || run.progress.done % 4 === 0 || run.progress.done === run.progress.total) this.onProgress({ ...run.progress, found: [...run.progress.found] });
  }

  private async scanRtu(req: Extract<ScanRequest, { kind: 'rtu' }>, run: Running): Promise<void> {
    for (const baud of req.bauds) {
      for (const parity of req.parities) {
        if (run.cancelled) return;
        const line = { path: req.path, baud, dataBits: 8 as const, parity, stopBits: req.stopBits };
        const master = new RtuMaster(new SerialLink(line), {
          timeoutMs: req.timeoutMs,
          retries: 0,
          turnaroundMs: 0,
          interFrameMs: interFrameDelayMs(baud, bitsPerChar(8, parity, req.stopBits)),
        });
        try {
          for (let unit = req.units.from; unit <= req.units.to; unit++) {
            if (run.cancelled) return;
            if (unit === 0) {
              // Unit 0 is the broadcast address: every device would act on it and none answers, so it is never probed.
              this.tick(run, `${describeSerial(line)} unit 0 (broadcast, skipped)`, undefined, true);
              continue;
            }
            const r = await probe(master, unit).catch((err: Error) => {
              if (/port lost/.test(err.message)) throw err;
              return null;
            });
            const where = describeSerial(line);
            this.tick(run, `${where} unit ${unit}`, r ? { unitId: unit, where, path: req.path, baud, parity, answer: r.answer, responseMs: round(r.ms) } : undefined);
          }
        } finally {
          await master.close();
        }
      }
    }
  }

  private async scanTcp(req: Extract<ScanRequest, { kind: 'tcp' }>, run: Running): Promise<void> {
    for (const host of req.hosts) {
      if (run.cancelled) return;
      const where = `${host}:${req.port}`;
      const master = new TcpMaster({ host, port: req.port, timeoutMs: req.timeoutMs, connectTimeoutMs: Math.max(req.timeoutMs, 500) });
      try {
        let reachable = true;
        for (let unit = req.units.from; unit <= req.units.to; unit++) {
          if (run.cancelled) return;
          if (!reachable) {
            this.tick(run, `${where} unit ${unit} (host not reachable)`);
            continue;
          }
          let r: { answer: string; ms: number } | null = null;
          try {
            r = await probe(master, unit);
          } catch {
            r = null;
          }
          if (!r && master.linkState === 'error') reachable = false;
          this.tick(run, `${where} unit ${unit}`, r ? { unitId: unit, where, host, port: req.port, answer: r.answer, responseMs: round(r.ms) } : undefined);
        }
      } finally {
        master.close();
      }
    }
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
