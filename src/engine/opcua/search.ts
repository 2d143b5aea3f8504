import type { Browser } from './browse';
import { nodeClassName, type NodeClassName } from './browse';

export interface SearchHit {
  nodeId: string;
  browseName: string;
  displayName: string;
  nodeClass: NodeClassName;
  /** The NodeIds from the search's root (excluded) down to the hit (included): what a tree opens to show it. */
  path: string[];
}

export interface SearchStatus {
  searchId: string;
  text: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Nodes looked at so far. */
  visited: number;
  /** How deep the search has gone (the root's children are level 1). */
  level: number;
  hits: SearchHit[];
  /** Why it stopped before the end: the node or hit bound, or an error. */
  note: string | null;
}

export interface SearchBounds {
  maxNodes: number;
  maxDepth: number;
  maxHits: number;
}

/** Nodes browsed per step: cancel and progress are looked at between steps. */
const STEP = 500;

/**
 * A bounded deep search by browse name (or display name), breadth first from a root over hierarchical references,
 * many nodes per Browse request. It stops at maxNodes visited, maxDepth levels or maxHits hits, and between steps
 * when cancelled. `status` is a live view for the UI to poll.
 */
export class NodeSearch {
  readonly status: SearchStatus;
  private cancelled = false;

  constructor(
    private readonly browser: Browser,
    searchId: string,
    text: string,
    private readonly root: string,
    private readonly bounds: SearchBounds,
  ) {
    this.status = { searchId, text, state: 'running', visited: 0, level: 0, hits: [], note: null };
  }

  cancel(): void {
    this.cancelled = true;
  }

  async run(): Promise<SearchStatus> {
    const needle = this.status.text.trim().toLowerCase();
    const parentOf = new Map<string, string>();
    const seen = new Set<string>([this.root]);
    let frontier = [this.root];
    const pathTo = (id: string): string[] => {
      const p: string[] = [];
      for (let at: string | undefined = id; at && at !== this.root; at = parentOf.get(at)) p.unshift(at);
      return p;
    };
    try {
      for (let level = 1; level <= this.bounds.maxDepth && frontier.length; level++) {
        this.status.level = level;
        const next: string[] = [];
        for (let i = 0; i < frontier.length; i += STEP) {
          if (this.cancelled) return this.stop('cancelled', `cancelled after ${this.status.visited} nodes`);
          const batch = frontier.slice(i, i + STEP);
          const refs = await this.browser.references(batch);
          for (const parent of batch) {
            for (const r of refs.get(parent) ?? []) {
              const id = r.nodeId.toString();
              if (r.nodeId.serverIndex || seen.has(id)) continue;
              seen.add(id);
              parentOf.set(id, parent);
              next.push(id);
              this.status.visited++;
              const browseName = `${r.browseName.namespaceIndex ? `${r.browseName.namespaceIndex}:` : ''}${r.browseName.name ?? ''}`;
              const displayName = r.displayName.text ?? '';
              if (r.browseName.name?.toLowerCase().includes(needle) || displayName.toLowerCase().includes(needle)) {
                this.status.hits.push({ nodeId: id, browseName, displayName, nodeClass: nodeClassName(r.nodeClass as number), path: pathTo(id) });
                if (this.status.hits.length >= this.bounds.maxHits) return this.stop('done', `stopped at ${this.bounds.maxHits} hits`);
              }
              if (this.status.visited >= this.bounds.maxNodes) return this.stop('done', `stopped after ${this.bounds.maxNodes} nodes`);
            }
          }
        }
        frontier = next;
      }
      return this.stop('done', frontier.length ? `stopped at depth ${this.bounds.maxDepth}` : null);
    } catch (err) {
      return this.stop('failed', err instanceof Error ? err.message : String(err));
    }
  }

  private stop(state: SearchStatus['state'], note: string | null): SearchStatus {
    this.status.state = state;
    this.status.note = note;
    return this.status;
  }
}
