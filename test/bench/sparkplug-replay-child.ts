/**
 * The store-and-forward replay benchmark's edge node, in its own process so its RSS is the edge node's alone: it
 * replays the queue in STORE to BROKER (user, password) and prints one JSON line: the metrics replayed, the seconds
 * from the first connection to the empty queue, and the highest RSS sampled meanwhile (MB).
 */
import path from 'node:path';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import { holding, modbusProject } from '../helpers/mqtt-edge';

const [store, url, username, password, tagsText] = process.argv.slice(2) as [string, string, string, string, string];
const tags = Number(tagsText);
const project = modbusProject(1, [{ name: 'Line', unitId: 1, tags: Array.from({ length: tags }, (_, i) => holding(`t${i}`, i, 'uint16')) }]);
const source: EdgeSource = {
  project,
  reading: () => undefined,
  onReading: () => () => undefined,
  prepareWrite: () => Promise.reject(new Error('no writes')),
  confirmWrite: () => Promise.reject(new Error('no writes')),
};
const queue = new DiskQueue(path.join(store, 'queue'), { maxBytes: 1 << 30 });
const total = queue.size();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const edge = new EdgeNode(source, { url, login: { username, password }, group: 'Bench', node: 'Replay', queue, stateDir: store });
let started = 0;
const watch = setInterval(() => {
  if (!started && edge.stats.connections > 0) started = performance.now();
  if (started && edge.state === 'online') {
    const seconds = (performance.now() - started) / 1000;
    clearInterval(watch);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(`${JSON.stringify({ metrics: edge.stats.replayed, total, seconds, rssMb: peak / 1048576 })}\n`);
    void edge.stop().then(() => process.exit(0));
  }
}, 5);
edge.start();
