/**
 * A child process for the kill -9 during replay tests: an edge node (one device "Tank", one tag "counter", no live
 * source) whose store-and-forward queue in STORE holds readings to replay to BROKER. It prints "ready", then kills
 * itself with SIGKILL at the point KILL names, in the middle of the replay:
 *   before-ack:N  the broker has taken the Nth batch, its cursor is not yet on disk (the batch goes again)
 *   after-ack:N   just after the Nth batch's cursor reached the disk
 *   mid-batch:N   while the (N+1)th batch's publishes are being written
 *   none          replays to the end and stays connected until stopped
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import type { StoredSample } from '../../src/engine/sparkplug/store/forward-queue';
import { holding, modbusProject } from './mqtt-edge';

const [store, url, user, passwordFile, kill] = process.argv.slice(2) as [string, string, string, string, string];
const [mode, nText] = kill.split(':') as [string, string | undefined];
const at = Number(nText ?? 0);
const die = () => process.kill(process.pid, 'SIGKILL');

class KillingQueue extends DiskQueue {
  private acks = 0;
  private peeks = 0;
  override peek(max: number): StoredSample[] {
    const out = super.peek(max);
    if (mode === 'mid-batch' && ++this.peeks === at + 1) setImmediate(die);
    return out;
  }
  override ack(n: number): void {
    this.acks++;
    if (mode === 'before-ack' && this.acks === at) die();
    super.ack(n);
    if (mode === 'after-ack' && this.acks === at) die();
  }
}

const REPLAY_PROJECT = modbusProject(1, [{ name: 'Tank', unitId: 1, tags: [holding('counter', 0, 'uint32')] }]);

const source: EdgeSource = {
  project: REPLAY_PROJECT,
  reading: () => undefined,
  onReading: () => () => undefined,
  prepareWrite: () => Promise.reject(new Error('no writes here')),
  confirmWrite: () => Promise.reject(new Error('no writes here')),
};
const queue = new KillingQueue(path.join(store, 'queue'));
const edge = new EdgeNode(source, {
  url,
  login: { username: user, password: readFileSync(passwordFile, 'utf8').trim() },
  group: 'Plant',
  node: 'Replay',
  queue,
  stateDir: store,
  reconnectMs: 200,
  log: (l) => process.stderr.write(`${l}\n`),
});
edge.start();
process.stdout.write(`ready ${queue.size()}\n`);
process.on('SIGTERM', () => void edge.stop().then(() => process.exit(0)));
