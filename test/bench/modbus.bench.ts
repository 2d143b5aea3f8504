import ModbusRTU from 'modbus-serial';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { TagPoller } from '../../src/engine/modbus/tag-poller';
import { planBlocks, rtuBytes, DEFAULT_REQUEST_OVERHEAD_BYTES, type PlanItem } from '../../src/engine/modbus/planner';
import { decodeRegisters } from '../../src/shared/codec/registers';
import { bareReadsPerSecond } from './bare-client';
import { plant200 } from './plant-200';
import { opsPerSecond, result, type Bench } from './bench';
import { startPeer, type Peer } from '../helpers/processes';
import path from 'node:path';

/** Run a server in its own process, so client and server each get a core as they would on a real network. */
async function withPeer<T>(start: () => Promise<Peer>, fn: (port: number) => Promise<T>): Promise<T> {
  const peer = await start();
  try {
    return await fn(peer.port);
  } finally {
    await peer.stop();
  }
}

/** The simulator as shipped: the bundled CLI (npm run bench builds it first). */
const shippedSim = () => startPeer(process.execPath, [path.join(__dirname, '../../out/cli/index.js'), 'sim', 'modbus', '--tcp', '127.0.0.1:0'], /listening on 127\.0\.0\.1:(\d+)/);

const minimalServer = () => {
  const port = 15000 + Math.floor(Math.random() * 20000);
  return startPeer(process.execPath, [path.join(__dirname, 'servers/minimal-server.mjs'), String(port)], /READY (\d+)/);
};

const modbusSerialServer = () => {
  const port = 15000 + Math.floor(Math.random() * 20000);
  return startPeer(process.execPath, [path.join(__dirname, 'servers/modbus-serial-server.mjs'), String(port)], /READY (\d+)/);
};

async function withSim<T>(fn: (port: number, setLatency: (ms: number) => void) => Promise<T>): Promise<T> {
  const plant = createDemoPlant();
  const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  try {
    return await fn(sim.port, (ms) => sim.setFaults({ latencyMs: ms }));
  } finally {
    await sim.close();
  }
}

const simulator: Bench = {
  name: 'simulator-single-register-requests-per-second',
  async run() {
    // Server capacity: the same raw client keeps 8 requests outstanding; each server runs in its own process.
    const ours = await withPeer(shippedSim, async (port) => ({ p8: await bareReadsPerSecond(port, { inFlight: 8 }), seq: await bareReadsPerSecond(port, { inFlight: 1 }) }));
    const theirs = await withPeer(modbusSerialServer, async (port) => ({ p8: await bareReadsPerSecond(port, { inFlight: 8 }), seq: await bareReadsPerSecond(port, { inFlight: 1 }) }));
    const ceiling = await withPeer(minimalServer, (port) => bareReadsPerSecond(port, { inFlight: 1 }));
    return result(this.name, ours.p8, 'requests/s', 'modbus-serial ServerTCP, same client', theirs.p8, {
      target: '>= 50x',
      note: '8 requests in flight from one raw client; sequential figures alongside',
      sequential: Math.round(ours.seq),
      baselineSequential: Math.round(theirs.seq),
      sequentialRatio: Math.round((ours.seq / theirs.seq) * 100) / 100,
      minimalServerSequential: Math.round(ceiling),
    });
  },
};

const engineSingle: Bench = {
  name: 'engine-sequential-single-register-reads-per-second',
  async run() {
    return withSim(async (port) => {
      const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 1000 });
      const poller = new TagPoller(master, [{ key: 'tank', unitId: 1, table: 'holding', address: 0, width: 1, scanClassMs: 1000 }], () => undefined);
      let sink = 0;
      const engine = await opsPerSecond(async () => {
        const [r] = await poller.scanOnce();
        if (r!.quality.status !== 'good') throw new Error(r!.quality.reason);
        sink += decodeRegisters(r!.raw!, 'uint16') as number;
      });
      master.close();
      const bare = await bareReadsPerSecond(port, { inFlight: 1 });
      return result(this.name, engine, 'reads/s', 'bare socket client, sequential', bare, { target: '>= 0.5x', checksum: sink > 0 });
    });
  },
};

const map200: Bench = {
  name: 'plant-200-tags-scans-per-second',
  async run() {
    return withSim(async (port) => {
      const tags = plant200();
      const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 1000 });
      const poller = new TagPoller(master, tags, () => undefined, { maxGap: 16 });
      const ours = await opsPerSecond(() => poller.scanOnce());
      master.close();
      const client = new ModbusRTU();
      await client.connectTCP('127.0.0.1', { port });
      client.setID(1);
      const naive = await opsPerSecond(async () => {
        for (const t of tags) await client.readHoldingRegisters(t.address, t.width);
      });
      await new Promise<void>((r) => client.close(() => r()));
      return result(this.name, ours, 'scans/s', 'modbus-serial, one request per tag', naive, { target: '>= 5x', tags: tags.length, requestsPerScan: poller.stats()[0]!.requestsPerScan });
    });
  },
};

const pipelined: Bench = {
  name: 'plant-200-scans-per-second-5ms-latency-pipelined-8',
  async run() {
    return withSim(async (port, setLatency) => {
      setLatency(5);
      const tags = plant200();
      const scan = async (maxInFlight: number) => {
        const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 2000, maxInFlight });
        const poller = new TagPoller(master, tags, () => undefined, { maxGap: 16 });
        const rate = await opsPerSecond(() => poller.scanOnce(), 2000, 200);
        master.close();
        return { rate, requests: poller.stats()[0]!.requestsPerScan };
      };
      const p = await scan(8);
      const s = await scan(1);
      return result(this.name, p.rate, 'scans/s', 'same engine, 1 transaction in flight', s.rate, { target: '>= 4x', injectedLatencyMs: 5, requestsPerScan: p.requests });
    });
  },
};

/** Least possible bytes for a scan, found by trying every way to cut the items into requests (small maps only). */
function bruteForceBytes(items: PlanItem[]): number {
  const sorted = [...items].sort((a, b) => a.address - b.address);
  const n = sorted.length;
  let best = Infinity;
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    let bytes = 0;
    let start = 0;
    let ok = true;
    for (let i = 1; i <= n; i++) {
      if (i === n || mask & (1 << (i - 1))) {
        const part = sorted.slice(start, i);
        const lo = part[0]!.address;
        const hi = Math.max(...part.map((p) => p.address + p.width));
        if (hi - lo > 125) ok = false;
        bytes += rtuBytes({ table: 'holding', count: hi - lo }) + (DEFAULT_REQUEST_OVERHEAD_BYTES - 13);
        start = i;
      }
    }
    if (ok && bytes < best) best = bytes;
  }
  return best;
}

const rtuWire: Bench = {
  name: 'rtu-bytes-per-scan-planner-vs-optimum',
  async run() {
    const silence = DEFAULT_REQUEST_OVERHEAD_BYTES - 13;
    const lineBytes = (items: PlanItem[]) => planBlocks(items, { maxGap: 125 }).blocks.reduce((s, b) => s + rtuBytes(b) + silence, 0);
    const tags = plant200();
    const planned = lineBytes(tags);
    const naive = tags.reduce((s, t) => s + rtuBytes({ table: 'holding', count: t.width }) + silence, 0);
    // The optimum, found independently by exhaustive search, on the first 18 tags (2^17 cuts).
    const small = tags.slice(0, 18);
    const optimumSmall = bruteForceBytes(small);
    const plannedSmall = lineBytes(small);
    const msAt19200 = (bytes: number) => Math.round(((bytes * 11) / 19200) * 1000 * 10) / 10;
    return result(this.name, plannedSmall, 'line bytes/scan (18 tags)', 'exhaustive optimum', optimumSmall, {
      bytesPerScan200: planned,
      naiveBytesPerScan200: naive,
      scanMsAt19200: msAt19200(planned),
      naiveScanMsAt19200: msAt19200(naive),
      note: 'line bytes include 8 character times of inter-frame silence per request; device turnaround not included',
    });
  },
};

export const benches: Bench[] = [simulator, engineSingle, map200, pipelined, rtuWire];
