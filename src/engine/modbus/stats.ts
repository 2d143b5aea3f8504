/** Per-unit counters every master keeps: what an integrator checks when a bus "sort of works". */
export interface UnitStats {
  requests: number;
  responses: number;
  timeouts: number;
  crcErrors: number;
  exceptions: Record<string, number>;
  meanMs: number;
  p95Ms: number;
}

const WINDOW = 512;

class UnitCounter {
  requests = 0;
  responses = 0;
  timeouts = 0;
  crcErrors = 0;
  exceptions = new Map<number, number>();
  private readonly rtt = new Float64Array(WINDOW);
  private n = 0;

  addRtt(ms: number): void {
    this.rtt[this.n % WINDOW] = ms;
    this.n++;
  }

  snapshot(): UnitStats {
    const k = Math.min(this.n, WINDOW);
    const samples = Array.from(this.rtt.subarray(0, k)).sort((a, b) => a - b);
    const mean = k ? samples.reduce((s, x) => s + x, 0) / k : 0;
    const p95 = k ? samples[Math.min(k - 1, Math.ceil(k * 0.95) - 1)]! : 0;
    const exceptions: Record<string, number> = {};
    for (const [code, count] of this.exceptions) exceptions[`0x${code.toString(16).padStart(2, '0').toUpperCase()}`] = count;
    return { requests: this.requests, responses: this.responses, timeouts: this.timeouts, crcErrors: this.crcErrors, exceptions, meanMs: round(mean), p95Ms: round(p95) };
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export class LinkStats {
  private readonly units = new Map<number, UnitCounter>();
  /** Responses that matched no request in flight (late answers after a timeout, echoes, noise). */
  stray = 0;

  private unit(id: number): UnitCounter {
    let u = this.units.get(id);
    if (!u) this.units.set(id, (u = new UnitCounter()));
    return u;
  }

  request(unitId: number): void {
    this.unit(unitId).requests++;
  }

  response(unitId: number, pdu: Uint8Array, rttMs: number): void {
    const u = this.unit(unitId);
    u.responses++;
    u.addRtt(rttMs);
    const fc = pdu[0] ?? 0;
    if (fc & 0x80) u.exceptions.set(pdu[1] ?? 0, (u.exceptions.get(pdu[1] ?? 0) ?? 0) + 1);
  }

  timeout(unitId: number): void {
    this.unit(unitId).timeouts++;
  }

  crcError(unitId: number): void {
    this.unit(unitId).crcErrors++;
  }

  snapshot(unitId: number): UnitStats {
    return this.unit(unitId).snapshot();
  }

  unitIds(): number[] {
    return [...this.units.keys()];
  }
}

export type TrafficDirection = 'tx' | 'rx';
export interface TrafficFrame {
  at: number;
  /** High-resolution time for turnaround and gap figures. */
  hr: number;
  dir: TrafficDirection;
  framing: 'rtu' | 'mbap';
  bytes: Buffer;
}
export type TrafficSink = (frame: TrafficFrame) => void;
