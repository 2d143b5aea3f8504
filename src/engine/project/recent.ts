import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { exists, readJsonFile, writeFileAtomic } from './atomic-file';

const RecentFile = z.object({
  version: z.literal(1),
  entries: z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.number() })),
});

const MAX_RECENT = 10;

export interface RecentEntry {
  id: string;
  path: string;
  name: string;
  openedAt: number;
  exists: boolean;
}

/** Recently opened projects, kept in the app's data folder. The renderer refers to them by id, never by path. */
export class RecentProjects {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent.json');
  }

  static idOf(p: string): string {
    return createHash('sha256').update(path.resolve(p)).digest('hex').slice(0, 16);
  }

  async list(): Promise<RecentEntry[]> {
    const entries = await this.read();
    return Promise.all(entries.map(async (e) => ({ ...e, id: RecentProjects.idOf(e.path), exists: await exists(e.path) })));
  }

  async pathOf(id: string): Promise<string | null> {
    const entries = await this.read();
    return entries.find((e) => RecentProjects.idOf(e.path) === id)?.path ?? null;
  }

  async touch(p: string, name: string): Promise<void> {
    const abs = path.resolve(p);
    const entries = (await this.read()).filter((e) => path.resolve(e.path) !== abs);
    entries.unshift({ path: abs, name, openedAt: Date.now() });
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, entries: entries.slice(0, MAX_RECENT) }, null, 2));
  }

  private async read(): Promise<{ path: string; name: string; openedAt: number }[]> {
    try {
      const parsed = RecentFile.safeParse(await readJsonFile(this.file));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return [];
    }
  }
}
