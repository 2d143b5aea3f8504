import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AuditEntry } from '../../shared/schemas/writes';

/**
 * Every write that reached (or was refused before reaching) a device, one JSON line each, appended and flushed.
 * The file is never rewritten by the app.
 */
export class AuditLog {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'audit', 'writes.jsonl');
  }

  async append(entry: AuditEntry): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const handle = await fs.open(this.file, 'a');
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async list(limit = 500): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = AuditEntry.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A torn last line after a power cut: skip it, keep the rest.
      }
    }
    return out.slice(-limit);
  }
}
