import type { BrowseResult, ClientSession, ReferenceDescription } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { opcuaError } from './errors';
import { chunks, inFlight, type OperationLimits } from './limits';
import type { OpcUaSession } from './session';
import { withTimeout } from './session';
import { builtInName } from './values';

export type NodeClassName = 'Object' | 'Variable' | 'Method' | 'ObjectType' | 'VariableType' | 'ReferenceType' | 'DataType' | 'View' | 'Unspecified';

const NODE_CLASSES: Record<number, NodeClassName> = { 1: 'Object', 2: 'Variable', 4: 'Method', 8: 'ObjectType', 16: 'VariableType', 32: 'ReferenceType', 64: 'DataType', 128: 'View' };

export function nodeClassName(n: number): NodeClassName {
  return NODE_CLASSES[n] ?? 'Unspecified';
}

/** One node of the address space as the browser shows it. */
export interface BrowsedNode {
  nodeId: string;
  /** "1:Temperature": namespace index and name. */
  browseName: string;
  displayName: string;
  nodeClass: NodeClassName;
  /** Variables: the DataType by name (Double, or a structure's name); null for other classes. */
  dataType: string | null;
  /** Variables: -1 scalar, 1 one-dimensional array, ... */
  valueRank: number | null;
  typeDefinition: string | null;
  /** Whether the node has children by hierarchical references. */
  hasChildren: boolean;
  /** The node it was found under. */
  parent: string;
}

export interface BrowseStats {
  browseRequests: number;
  browseNextRequests: number;
  readRequests: number;
}

/** Objects, where an operator starts. */
export const OBJECTS_FOLDER = 'i=85';

const HIERARCHICAL_REFERENCES = 'i=33';
const FORWARD = 0;
/** NodeClass, BrowseName, DisplayName and TypeDefinition: what the browser keeps (not ReferenceType nor IsForward). */
const RESULT_FIELDS = 4 | 8 | 16 | 32;
/** Batched requests on the wire at once. */
export const REQUESTS_IN_FLIGHT = 4;
const ATTR = { BrowseName: 3, DataType: 14, ValueRank: 15 } as const;
/** References per node in one answer; the rest come by BrowseNext. */
export const REFERENCES_PER_NODE = 1000;

type Ref = { parent: string; ref: ReferenceDescription };

/**
 * Browse with many nodes per request, within the server's operation limits, and BrowseNext with continuation points;
 * Variables get their DataType (by name) and ValueRank in batched Reads. A connection lost mid-browse ends it with a
 * clear error instead of waiting for a reconnection.
 */
export class Browser {
  readonly stats: BrowseStats = { browseRequests: 0, browseNextRequests: 0, readRequests: 0 };
  private readonly dataTypeNames = new Map<string, string>();

  constructor(
    private readonly session: OpcUaSession,
    private readonly opts: { nodesPerBrowse?: number; inFlight?: number } = {},
  ) {}

  private async call<T>(what: string, fn: (s: ClientSession) => Promise<T>): Promise<T> {
    const s = await this.session.open();
    if (this.session.state !== 'connected') throw new FieldbenchError('connection_failed', `${what} on ${this.session.url}: ${this.session.detail ?? 'not connected'}`);
    try {
      return await withTimeout(fn(s), this.session.connection.requestTimeoutMs, `${what} on ${this.session.url}`);
    } catch (err) {
      if (this.session.state !== 'connected') throw new FieldbenchError('connection_failed', `${what} on ${this.session.url}: the connection was lost (${this.session.detail ?? 'disconnected'})`);
      throw opcuaError(err, `${what} on ${this.session.url}`);
    }
  }

  private async limits(): Promise<OperationLimits> {
    const l = await this.session.limits();
    return this.opts.nodesPerBrowse ? { ...l, nodesPerBrowse: Math.min(l.nodesPerBrowse, this.opts.nodesPerBrowse) } : l;
  }

  /** Every forward hierarchical reference of each parent, many parents per Browse, following continuation points. */
  async references(parents: readonly string[]): Promise<Map<string, ReferenceDescription[]>> {
    const limits = await this.limits();
    const out = new Map<string, ReferenceDescription[]>(parents.map((p) => [p, []]));
    let pending = [...parents];
    let batchSize = limits.nodesPerBrowse;
    while (pending.length) {
      const retry: string[] = [];
      const tasks = chunks(pending, batchSize).map((batch) => async () => {
        const results = await this.call('Browse', (s) => {
          s.requestedMaxReferencesPerNode = REFERENCES_PER_NODE;
          this.stats.browseRequests++;
          return s.browse(batch.map((nodeId) => ({ nodeId, referenceTypeId: HIERARCHICAL_REFERENCES, browseDirection: FORWARD, includeSubtypes: true, nodeClassMask: 0, resultMask: RESULT_FIELDS })));
        });
        const continuing: { parent: string; cp: Buffer }[] = [];
        results.forEach((r, i) => {
          const parent = batch[i]!;
          if (r.statusCode.name === 'BadNoContinuationPoints') return void retry.push(parent);
          if (!r.statusCode.isGood()) throw new FieldbenchError('protocol_error', `Browse of ${parent} on ${this.session.url}: ${r.statusCode.name}`);
          out.get(parent)!.push(...(r.references ?? []));
          if (r.continuationPoint?.length) continuing.push({ parent, cp: r.continuationPoint });
        });
        await this.follow(continuing, out);
      });
      await inFlight(tasks, this.opts.inFlight ?? REQUESTS_IN_FLIGHT);
      if (retry.length === pending.length && batchSize === 1) throw new FieldbenchError('protocol_error', `Browse on ${this.session.url}: the server has no continuation points left (BadNoContinuationPoints)`);
      pending = retry;
      batchSize = Math.max(1, Math.min(retry.length, limits.browseContinuationPoints || Math.ceil(batchSize / 2)));
    }
    return out;
  }

  /** BrowseNext until every continuation point is used up. */
  private async follow(continuing: { parent: string; cp: Buffer }[], out: Map<string, ReferenceDescription[]>): Promise<void> {
    let open = continuing;
    while (open.length) {
      const next: typeof open = [];
      for (const batch of chunks(open, 100)) {
        const results: BrowseResult[] = await this.call('BrowseNext', (s) => {
          this.stats.browseNextRequests++;
          return s.browseNext(batch.map((b) => b.cp), false);
        });
        results.forEach((r, i) => {
          const { parent } = batch[i]!;
          if (!r.statusCode.isGood()) throw new FieldbenchError('protocol_error', `BrowseNext of ${parent} on ${this.session.url}: ${r.statusCode.name}`);
          out.get(parent)!.push(...(r.references ?? []));
          if (r.continuationPoint?.length) next.push({ parent, cp: r.continuationPoint });
        });
      }
      open = next;
    }
  }

  /** DataType (by name) and ValueRank of variables, in batched Reads. */
  private async variableAttributes(nodeIds: readonly string[]): Promise<Map<string, { dataType: string | null; valueRank: number | null }>> {
    const out = new Map<string, { dataType: string | null; valueRank: number | null }>();
    if (!nodeIds.length) return out;
    const { nodesPerRead } = await this.limits();
    const typeIds = new Map<string, string>();
    const tasks = chunks(nodeIds, Math.max(1, Math.floor(nodesPerRead / 2))).map((batch) => async () => {
      const values = await this.call('Read', (s) => {
        this.stats.readRequests++;
        return s.read(batch.flatMap((nodeId) => [{ nodeId, attributeId: ATTR.DataType }, { nodeId, attributeId: ATTR.ValueRank }]));
      });
      batch.forEach((nodeId, i) => {
        const dt = values[2 * i]!;
        const vr = values[2 * i + 1]!;
        const typeId = dt.statusCode.isGood() && dt.value.value ? String(dt.value.value.toString()) : null;
        if (typeId) typeIds.set(nodeId, typeId);
        out.set(nodeId, { dataType: null, valueRank: vr.statusCode.isGood() && typeof vr.value.value === 'number' ? vr.value.value : null });
      });
    });
    await inFlight(tasks, this.opts.inFlight ?? REQUESTS_IN_FLIGHT);
    await this.resolveDataTypes([...new Set(typeIds.values())]);
    for (const [nodeId, typeId] of typeIds) out.get(nodeId)!.dataType = this.dataTypeNames.get(typeId) ?? typeId;
    return out;
  }

  /** DataType NodeIds to names: the built-in types by their number, any other by its BrowseName (read once). */
  private async resolveDataTypes(typeIds: readonly string[]): Promise<void> {
    const unknown: string[] = [];
    for (const id of typeIds) {
      if (this.dataTypeNames.has(id)) continue;
      const m = /^i=(\d+)$/.exec(id);
      const builtIn = m ? builtInName(Number(m[1])) : null;
      if (builtIn) this.dataTypeNames.set(id, builtIn);
      else unknown.push(id);
    }
    const { nodesPerRead } = await this.limits();
    for (const batch of chunks(unknown, nodesPerRead)) {
      const values = await this.call('Read', (s) => {
        this.stats.readRequests++;
        return s.read(batch.map((nodeId) => ({ nodeId, attributeId: ATTR.BrowseName })));
      });
      batch.forEach((id, i) => {
        const v = values[i]!;
        const name = v.statusCode.isGood() ? (v.value.value as { name?: string } | null)?.name : undefined;
        this.dataTypeNames.set(id, name ?? id);
      });
    }
  }

  /** The references of one level as nodes, each once, with their variable attributes; hasChildren still unknown. */
  private async describe(refs: readonly Ref[], seen: Set<string>): Promise<BrowsedNode[]> {
    const nodes = this.collect(refs, seen);
    await this.attach(nodes);
    return nodes;
  }

  /** The references as nodes, each once (by `seen`), attributes not read yet. */
  private collect(refs: readonly Ref[], seen: Set<string>): BrowsedNode[] {
    const nodes: BrowsedNode[] = [];
    for (const { parent, ref } of refs) {
      if (ref.nodeId.serverIndex) continue; // a node on another server
      const nodeId = ref.nodeId.toString().replace(/^ns=0;/, '');
      if (seen.has(nodeId)) continue;
      seen.add(nodeId);
      const typeDefinition = ref.typeDefinition && !ref.typeDefinition.isEmpty() ? ref.typeDefinition.toString() : null;
      nodes.push({ nodeId, browseName: ref.browseName.toString(), displayName: ref.displayName.text ?? '', nodeClass: nodeClassName(ref.nodeClass), dataType: null, valueRank: null, typeDefinition, hasChildren: false, parent });
    }
    return nodes;
  }

  /** DataType and ValueRank of the variables among `nodes`, in batched Reads. */
  private async attach(nodes: BrowsedNode[]): Promise<void> {
    const attrs = await this.variableAttributes(nodes.filter((n) => n.nodeClass === 'Variable' || n.nodeClass === 'VariableType').map((n) => n.nodeId));
    for (const n of nodes) {
      const a = attrs.get(n.nodeId);
      if (a) Object.assign(n, a);
    }
  }

  /** The children of several nodes at once (a lazy tree opening nodes), each with whether it has children itself. */
  async children(parents: readonly string[]): Promise<Map<string, BrowsedNode[]>> {
    const refs = await this.references(parents);
    const out = new Map<string, BrowsedNode[]>(parents.map((p) => [p, []]));
    const all: BrowsedNode[] = [];
    for (const p of parents) {
      const nodes = await this.describe((refs.get(p) ?? []).map((ref) => ({ parent: p, ref })), new Set());
      out.set(p, nodes);
      all.push(...nodes);
    }
    const grand = await this.references([...new Set(all.map((n) => n.nodeId))]);
    for (const n of all) n.hasChildren = (grand.get(n.nodeId)?.length ?? 0) > 0;
    return out;
  }

  /**
   * Walk the tree under `root` breadth first to `depth` levels (Infinity: all of it), each node once. Every level goes
   * to `onLevel` once the level below it is known (so hasChildren is exact). Returns the number of nodes found.
   */
  async walk(root: string, depth: number, onLevel: (nodes: BrowsedNode[], level: number) => void): Promise<number> {
    const seen = new Set<string>([root]);
    let frontier: string[] = [root];
    let refs = await this.references(frontier);
    let total = 0;
    for (let level = 1; level <= depth; level++) {
      const flat: Ref[] = [];
      for (const p of frontier) for (const ref of refs.get(p) ?? []) flat.push({ parent: p, ref });
      const nodes = this.collect(flat, seen);
      if (!nodes.length) break;
      total += nodes.length;
      const ids = nodes.map((n) => n.nodeId);
      // The level's variable attributes and the level below are asked for at the same time.
      const [, below] = await Promise.all([this.attach(nodes), this.references(ids)]);
      for (const n of nodes) n.hasChildren = (below.get(n.nodeId)?.length ?? 0) > 0;
      onLevel(nodes, level);
      refs = below;
      frontier = ids;
    }
    return total;
  }

}
