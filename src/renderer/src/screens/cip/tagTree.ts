import type { CipTagRow } from '../../../../shared/contract';
import type { CipSource } from '../../../../shared/project/schema';

/** Elements listed under one opened array at most; the rest are named in a note row. */
export const MAX_ELEMENTS = 1000;

/**
 * One row of the controller's tag tree: a tag, an element of an array, or a member of a UDT, with where its value is
 * (the base tag, the element of it, the member path). `key` is how the operator reads it: "Motors[1].Status.Code".
 */
export interface CipNode {
  key: string;
  /** What the row shows: the full name at the top, "[2]" for an element, the member's own name under its UDT. */
  label: string;
  /** The tag-list entry this row stands for ("Motors.Status.Code" for the row above): where its members are found. */
  entry: string;
  tagPath: string;
  element?: number[];
  /** "Status.Code", "Setpoints[2]"; '' for the tag itself. */
  member: string;
  dataType: string;
  /** Dimensions still to pick: an array row opens into elements. */
  dims: number[];
  udt?: string;
  scope: string;
  depth: number;
  /** A member of an array of UDTs listed without its element (in a filtered list): open the array to pick one. */
  needsElement: boolean;
}

export type TreeLine = { kind: 'node'; node: CipNode; open: boolean; hasChildren: boolean } | { kind: 'note'; key: string; text: string; depth: number };

/** The tag list indexed for the tree: top-level tags in order, and each entry's direct members. */
export interface TagIndex {
  top: CipTagRow[];
  members: Map<string, CipTagRow[]>;
  byName: Map<string, CipTagRow>;
}

/** "Program:Main.Tag.Member" → ["Program:Main.Tag", "Member"]; "Tag.A.B" → ["Tag", "A.B"]. */
export function splitName(name: string): { tag: string; rest: string } {
  const m = /^((?:Program:[^.]+\.)?[^.]+)(?:\.(.*))?$/.exec(name);
  return { tag: m?.[1] ?? name, rest: m?.[2] ?? '' };
}

export function indexTags(tags: readonly CipTagRow[]): TagIndex {
  const members = new Map<string, CipTagRow[]>();
  const byName = new Map<string, CipTagRow>();
  const top: CipTagRow[] = [];
  for (const t of tags) {
    byName.set(t.name, t);
    if (!t.member) {
      top.push(t);
      continue;
    }
    const parent = t.name.slice(0, t.name.lastIndexOf('.'));
    let list = members.get(parent);
    if (!list) members.set(parent, (list = []));
    list.push(t);
  }
  return { top, members, byName };
}

/** The row of a tag-list entry on its own (a tag, or a member reached through its full name). */
export function nodeOf(t: CipTagRow, index: TagIndex, depth = 0): CipNode {
  const { tag, rest } = splitName(t.name);
  const base = index.byName.get(tag);
  return { key: t.name, label: t.name, entry: t.name, tagPath: tag, member: rest, dataType: t.dataType, dims: t.dims, ...(t.udt ? { udt: t.udt } : {}), scope: t.scope, depth, needsElement: !!rest && !!base?.dims.length };
}

/** A row the operator can add as a tag: one value (atomic or STRING), not a whole array or structure. */
export function isPickable(n: CipNode): boolean {
  return !n.dims.length && !n.needsElement;
}

/** A single atomic or STRING value: written with Write Tag (a UDT is written one member at a time). */
export function isWritable(n: CipNode): boolean {
  return isPickable(n) && !n.udt;
}

export function hasChildren(n: CipNode, index: TagIndex): boolean {
  return n.dims.length > 0 || (!!n.udt && (index.members.get(n.entry)?.length ?? 0) > 0);
}

function* indexes(dims: readonly number[]): Generator<number[]> {
  const at = dims.map(() => 0);
  const total = dims.reduce((a, b) => a * b, 1);
  for (let i = 0; i < total; i++) {
    yield [...at];
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++at[d]! < dims[d]!) break;
      at[d] = 0;
    }
  }
}

/** The rows under an opened row: its elements (an array), or its members (a UDT). */
export function childrenOf(n: CipNode, index: TagIndex): { nodes: CipNode[]; more: number } {
  const depth = n.depth + 1;
  if (n.dims.length) {
    const nodes: CipNode[] = [];
    const total = n.dims.reduce((a, b) => a * b, 1);
    for (const idx of indexes(n.dims)) {
      if (nodes.length >= MAX_ELEMENTS) break;
      const sub = `[${idx.join(',')}]`;
      const onTag = !n.member;
      nodes.push({ ...n, key: n.key + sub, label: sub, dims: [], depth, needsElement: false, ...(onTag ? { element: idx } : { member: n.member + sub }) });
    }
    return { nodes, more: total - nodes.length };
  }
  const nodes = (index.members.get(n.entry) ?? []).map((m): CipNode => {
    const leaf = m.name.slice(n.entry.length + 1);
    const { udt: _parentUdt, ...base } = n;
    return { ...base, key: `${n.key}.${leaf}`, label: leaf, entry: m.name, member: n.member ? `${n.member}.${leaf}` : leaf, dataType: m.dataType, dims: m.dims, ...(m.udt ? { udt: m.udt } : {}), depth };
  });
  return { nodes, more: 0 };
}

/** The visible lines: the tree with its opened rows, or (with a filter) every tag and member whose name or type matches. */
export function treeLines(index: TagIndex, open: Readonly<Record<string, boolean>>, filter: string): TreeLine[] {
  const out: TreeLine[] = [];
  const needle = filter.trim().toLowerCase();
  const walk = (n: CipNode) => {
    const kids = hasChildren(n, index);
    const isOpen = kids && !!open[n.key];
    out.push({ kind: 'node', node: n, open: isOpen, hasChildren: kids });
    if (!isOpen) return;
    const { nodes, more } = childrenOf(n, index);
    nodes.forEach(walk);
    if (more > 0) out.push({ kind: 'note', key: `${n.key}…`, text: `${more.toLocaleString('en')} more elements not listed`, depth: n.depth + 1 });
  };
  if (!needle) index.top.forEach((t) => walk(nodeOf(t, index)));
  else for (const t of index.byName.values()) if (t.name.toLowerCase().includes(needle) || t.dataType.toLowerCase() === needle) walk(nodeOf(t, index));
  return out;
}

/** The tag source of a picked row. */
export function sourceOf(n: CipNode): CipSource {
  return { kind: 'cip', tagPath: n.tagPath, ...(n.element ? { element: n.element } : {}), ...(n.member ? { member: n.member } : {}), dataType: n.dataType };
}
