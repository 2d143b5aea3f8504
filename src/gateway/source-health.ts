import type { EngineCore } from '../engine/core';
import type { GatewayConfig } from '../shared/gateway/config';

interface DeviceCounters {
  readings: number;
  good: number;
  bad: number;
  lastGoodPoll: number | null;
  lastProblem: string | null;
  /** The quality of the device's latest reading. */
  status: 'good' | 'uncertain' | 'bad' | 'none';
}

/** Per source (connection) state and per device last good poll and counters, from the engine core's own events. */
export class SourceHealth {
  private readonly states = new Map<string, { state: string; detail?: string; at: number }>();
  private readonly devices = new Map<string, DeviceCounters>();
  private readonly off: (() => void)[] = [];

  constructor(private readonly core: EngineCore, private readonly config: GatewayConfig) {
    for (const d of config.devices) this.devices.set(d.id, { readings: 0, good: 0, bad: 0, lastGoodPoll: null, lastProblem: null, status: 'none' });
    this.off.push(core.events.on('connection.state', (s) => this.states.set(s.connectionId, { state: s.state, ...(s.detail ? { detail: s.detail } : {}), at: s.at })));
    this.off.push(
      core.onReading((r) => {
        const c = this.devices.get(r.deviceId);
        if (!c) return;
        c.readings++;
        c.status = r.quality.status;
        if (r.quality.status === 'good') {
          c.good++;
          c.lastGoodPoll = r.receivedAt;
        } else {
          c.bad++;
          c.lastProblem = r.quality.reason ?? r.quality.status;
        }
      }),
    );
  }

  /** Whether every device's latest reading is Good. */
  allGood(): boolean {
    return [...this.devices.values()].every((c) => c.status === 'good');
  }

  sources() {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return this.config.connections.map((conn) => {
      const s = this.states.get(conn.id);
      const devices = this.config.devices
        .filter((d) => d.connectionId === conn.id)
        .map((d) => {
          const c = this.devices.get(d.id)!;
          return { id: d.id, name: d.name, status: c.status, lastGoodPoll: iso(c.lastGoodPoll), readings: c.readings, good: c.good, bad: c.bad, lastProblem: c.lastProblem };
        });
      const state = s?.state ?? (devices.some((d) => d.status === 'good') ? 'connected' : 'unknown');
      return { id: conn.id, name: conn.name, kind: conn.kind, state, ...(s?.detail ? { detail: s.detail } : {}), devices };
    });
  }

  close(): void {
    for (const f of this.off) f();
  }
}
