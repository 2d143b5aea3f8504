import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The birth/death sequence number: 0..255, one more for every new MQTT connection, the same in that connection's Will
 * (NDEATH) and its NBIRTH. Kept in a file where a folder is given, so a restarted node does not repeat the last one.
 */
export class BdSeq {
  private next: number;
  private readonly file: string | null;

  constructor(dir?: string) {
    this.file = dir ? path.join(dir, 'bdseq') : null;
    let n = 0;
    if (this.file) {
      mkdirSync(dir!, { recursive: true });
      try {
        const v = Number(readFileSync(this.file, 'utf8').trim());
        if (Number.isInteger(v) && v >= 0 && v <= 255) n = v;
      } catch {
        /* first run */
      }
    }
    this.next = n;
  }

  /** The bdSeq of a new connection (and the one after it remembered). */
  take(): number {
    const v = this.next;
    this.next = (v + 1) % 256;
    if (this.file) writeFileSync(this.file, String(this.next));
    return v;
  }
}
