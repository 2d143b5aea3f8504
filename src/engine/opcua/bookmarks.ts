import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Bookmark {
  nodeId: string;
  name: string;
  /** NodeIds from Objects down to the node, so the tree can open to it. */
  path: string[];
  addedAt: string;
}

interface BookmarkFile {
  version: 1;
  /** By server endpoint URL. */
  servers: Record<string, Bookmark[]>;
}

const MAX_PER_SERVER = 500;

/** The endpoint URL as a key: the host lower-case, no trailing slash. */
export function serverKey(endpointUrl: string): string {
  return endpointUrl.trim().replace(/\/+$/, '').replace(/^opc\.tcp:\/\/([^/]+)/i, (_m, host: string) => `opc.tcp://${host.toLowerCase()}`);
}

/**
 * Bookmarks of OPC UA nodes, per server, in the app's data folder (opcua-bookmarks.json): an operator's way around a
 * server, kept with the app rather than the project, so every project that talks to the server shares them and the
 * project format does not change. Writes go to a temporary file renamed over the old one.
 */
export class BookmarkStore {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'opcua-bookmarks.json');
  }

  private async load(): Promise<BookmarkFile> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<BookmarkFile>;
      return { version: 1, servers: parsed.servers && typeof parsed.servers === 'object' ? parsed.servers : {} };
    } catch {
      return { version: 1, servers: {} };
    }
  }

  private async save(doc: BookmarkFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`);
    await rename(tmp, this.file);
  }

  /** One change at a time, so two quick clicks do not lose one. */
  private change(endpointUrl: string, f: (list: Bookmark[]) => Bookmark[]): Promise<Bookmark[]> {
    const run = this.queue.then(async () => {
      const doc = await this.load();
      const key = serverKey(endpointUrl);
      const list = f(doc.servers[key] ?? []).slice(0, MAX_PER_SERVER);
      if (list.length) doc.servers[key] = list;
      else delete doc.servers[key];
      await this.save(doc);
      return list;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async list(endpointUrl: string): Promise<Bookmark[]> {
    return (await this.load()).servers[serverKey(endpointUrl)] ?? [];
  }

  add(endpointUrl: string, nodeId: string, name: string, path: string[] = []): Promise<Bookmark[]> {
    return this.change(endpointUrl, (list) => [...list.filter((b) => b.nodeId !== nodeId), { nodeId, name, path, addedAt: new Date().toISOString() }]);
  }

  remove(endpointUrl: string, nodeId: string): Promise<Bookmark[]> {
    return this.change(endpointUrl, (list) => list.filter((b) => b.nodeId !== nodeId));
  }
}
