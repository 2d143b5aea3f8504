import type { ClientSession, DataValue } from 'node-opcua';
import { CLI_DEVICE_ID, singleOpcUaProject } from '../../src/cli/cli-engine';
import { Browser, OBJECTS_FOLDER } from '../../src/engine/opcua/browse';
import { opcua } from '../../src/engine/opcua/lib';
import type { OpcUaSession } from '../../src/engine/opcua/session';
import type { OpcUaConnection, TagInput } from '../../src/shared/project/schema';
import path from 'node:path';
import { tempDir } from '../helpers/engine';
import { ROOT, startPeer } from '../helpers/processes';
import { opcuaCore } from '../helpers/opcua-peer';
import { result, type Bench } from './bench';

/** Machines per area that make the demo's address space about 10,000 nodes from Objects. */
const BROWSE_MACHINES = 100;
const MONITORED_ITEMS = 10_000;
/** Enough machines for 10,000 distinct variables. */
const MONITOR_MACHINES = 124;

const conn = (url: string): Omit<OpcUaConnection, 'id'> => ({
  kind: 'opcua',
  name: 'bench',
  endpointUrl: url,
  securityMode: 'None',
  securityPolicy: 'None',
  identity: { kind: 'anonymous' },
  sessionTimeoutMs: 120_000,
  requestTimeoutMs: 60_000,
});

/** The demo server in its own process (`fieldbench sim opcua`), as an operator's client would meet a server. */
async function startDemo(home: string, machinesPerArea: number): Promise<{ url: string; stop(): Promise<void> }> {
  const peer = await startPeer(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sim', 'opcua', '--port', '0', '--machines', String(machinesPerArea), '--home', home],
    /OPC UA demo server listening on opc\.tcp:\/\/127\.0\.0\.1:(\d+)[\s\S]*variables/,
    120_000,
  );
  return { url: `opc.tcp://127.0.0.1:${peer.port}`, stop: () => peer.stop() };
}

async function withDemo<T>(machinesPerArea: number, fn: (demo: { url: string }, session: OpcUaSession, env: ReturnType<typeof opcuaCore>) => Promise<T>): Promise<T> {
  const home = tempDir('fieldbench-bench-opcua-');
  const demo = await startDemo(home.dir, machinesPerArea);
  const env = opcuaCore();
  try {
    env.core.load(singleOpcUaProject(conn(demo.url)), { acquire: false });
    const { session } = env.core.device(CLI_DEVICE_ID).driver as unknown as { session: OpcUaSession };
    return await fn(demo, session, env);
  } finally {
    await env.dispose();
    await demo.stop();
    home.cleanup();
  }
}

/** The naive browse: breadth first, one Browse request per node (and BrowseNext for its continuation point). */
async function browseOneByOne(s: ClientSession, root: string): Promise<number> {
  const seen = new Set([root]);
  let frontier = [root];
  while (frontier.length) {
    const next: string[] = [];
    for (const nodeId of frontier) {
      let r = await s.browse({ nodeId, referenceTypeId: 'i=33', browseDirection: 0, includeSubtypes: true, nodeClassMask: 0, resultMask: 60 });
      const refs = [...(r.references ?? [])];
      while (r.continuationPoint?.length) {
        r = (await s.browseNext([r.continuationPoint], false))[0]!;
        refs.push(...(r.references ?? []));
      }
      for (const ref of refs) {
        const id = ref.nodeId.toString();
        if (ref.nodeId.serverIndex || seen.has(id)) continue;
        seen.add(id);
        next.push(id);
      }
    }
    frontier = next;
  }
  return seen.size - 1;
}

const browse: Bench = {
  name: 'opcua-full-browse',
  async run() {
    return withDemo(BROWSE_MACHINES, async (_demo, session) => {
      const s = await session.open();
      // Alternating, twice each: the machine is shared, so the better of two runs of each side.
      let batchedMs = Infinity;
      let naiveMs = Infinity;
      let nodes = 0;
      let naiveNodes = 0;
      let stats = { browseRequests: 0, browseNextRequests: 0, readRequests: 0 };
      for (let round = 0; round < 2; round++) {
        const b = new Browser(session);
        let t0 = performance.now();
        nodes = await b.walk(OBJECTS_FOLDER, Infinity, () => undefined);
        batchedMs = Math.min(batchedMs, performance.now() - t0);
        stats = { ...b.stats };
        t0 = performance.now();
        naiveNodes = await browseOneByOne(s, OBJECTS_FOLDER);
        naiveMs = Math.min(naiveMs, performance.now() - t0);
      }
      if (naiveNodes !== nodes) throw new Error(`the two browses found ${nodes} and ${naiveNodes} nodes`);
      return result(this.name, (nodes * 1000) / batchedMs, 'nodes/s', 'one Browse request per node', (nodes * 1000) / naiveMs, {
        target: '>= 5x',
        met: naiveMs / batchedMs >= 5,
        nodes,
        batchedMs: Math.round(batchedMs),
        oneByOneMs: Math.round(naiveMs),
        requests: stats,
        note: 'batched side is the product path (Browser.walk) and also reads DataType and ValueRank of every variable',
      });
    });
  },
};

const monitored: Bench = {
  name: 'opcua-10k-monitored-items-first-value',
  async run() {
    const ua = await opcua();
    return withDemo(MONITOR_MACHINES, async (demo, session, env) => {
      // 10,000 distinct variables of the plant (not the arguments of its methods).
      const found: { nodeId: string; nodeClass: string; parent: string }[] = [];
      await new Browser(session).walk('ns=1;s=Plant', Infinity, (level) => found.push(...level));
      const methods = new Set(found.filter((n) => n.nodeClass === 'Method').map((n) => n.nodeId));
      const nodeIds = found.filter((n) => n.nodeClass === 'Variable' && !methods.has(n.parent)).map((n) => n.nodeId);
      if (nodeIds.length < MONITORED_ITEMS) throw new Error(`the demo has only ${nodeIds.length} variables`);
      const tags: TagInput[] = nodeIds.slice(0, MONITORED_ITEMS).map((nodeId, i) => ({ name: `v${i}`, source: { kind: 'opcua', nodeId }, scanClassMs: 250 }));
      const project = singleOpcUaProject(conn(demo.url), tags);

      // Batched: the engine's own acquisition (one subscription, CreateMonitoredItems in batches within the limits).
      const seen = new Set<string>();
      let t0 = 0;
      const batched = new Promise<number>((resolve) => {
        const off = env.core.onReading((r) => {
          if (r.quality.status !== 'good') return;
          seen.add(r.key);
          if (seen.size === MONITORED_ITEMS) {
            off();
            resolve(performance.now() - t0);
          }
        });
      });
      t0 = performance.now();
      env.core.load(project, { acquire: true });
      const batchedMs = await batched;
      env.core.load(singleOpcUaProject(conn(demo.url)), { acquire: true });

      // One per request: the same items, each created by its own CreateMonitoredItems call, in turn.
      const s = await session.open();
      const sub = await s.createSubscription2({ requestedPublishingInterval: 250, requestedMaxKeepAliveCount: 40, requestedLifetimeCount: 240, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });
      const first = new Set<string>();
      t0 = performance.now();
      const naiveMs = await new Promise<number>((resolve, reject) => {
        void (async () => {
          for (const id of nodeIds.slice(0, MONITORED_ITEMS)) {
            const item = await sub.monitor({ nodeId: id, attributeId: ua.AttributeIds.Value }, { samplingInterval: -1, queueSize: 1, discardOldest: true }, ua.TimestampsToReturn.Both);
            item.on('changed', (dv: DataValue) => {
              if (!dv.statusCode.isGood() || first.has(id)) return;
              first.add(id);
              if (first.size === MONITORED_ITEMS) resolve(performance.now() - t0);
            });
          }
        })().catch(reject);
      });
      await sub.terminate();
      return result(this.name, batchedMs / 1000, 's', 'one CreateMonitoredItems request per item', naiveMs / 1000, {
        target: '< 5 s',
        met: batchedMs < 5000,
        items: MONITORED_ITEMS,
        speedup: Math.round((naiveMs / batchedMs) * 10) / 10,
        note: 'value and ratio are times (lower is better); batched side is the engine acquisition through the tag pipeline',
      });
    });
  },
};

export const benches: Bench[] = [browse, monitored];
