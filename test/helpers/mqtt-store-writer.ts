/**
 * A child process for the store tests: appends records "0", "1", ... to a SegmentLog in DIR, BATCH at a time, and
 * prints "appended N" (the count so far) after each append has returned, until it is killed.
 */
import { SegmentLog } from '../../src/engine/sparkplug/store/segment-log';

const [dir, batchText] = process.argv.slice(2);
const log = new SegmentLog(dir!, { segmentBytes: 4096 });
const batch = Number(batchText ?? 10);
let n = log.size();
const pad = 'x'.repeat(40);
function step(): void {
  const bodies: Buffer[] = [];
  for (let i = 0; i < batch; i++) bodies.push(Buffer.from(`${n + i} ${pad}`));
  log.append(bodies);
  n += batch;
  process.stdout.write(`appended ${n}\n`);
  setImmediate(step);
}
step();
