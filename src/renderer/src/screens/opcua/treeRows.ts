import { OBJECTS, type BrowseTree } from '../../store/opcua';

/** One visible line of the browse tree: a node, or a note under an open node (loading, empty, failed). */
export type TreeRow = { kind: 'node'; id: string; depth: number } | { kind: 'note'; parent: string; depth: number; text: string; error: boolean };

/**
 * The tree's visible lines, depth first: the children of every open node, in server order. A node that is its own
 * ancestor (the address space is a graph) is shown but not opened again.
 */
export function treeRows(tree: BrowseTree): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (parent: string, depth: number, ancestors: Set<string>) => {
    const error = tree.errors[parent];
    const kids = tree.kids[parent];
    if (error) rows.push({ kind: 'note', parent, depth, text: error, error: true });
    else if (!kids) rows.push({ kind: 'note', parent, depth, text: 'Browsing…', error: false });
    else if (!kids.length) rows.push({ kind: 'note', parent, depth, text: 'No children', error: false });
    for (const id of kids ?? []) {
      rows.push({ kind: 'node', id, depth });
      if (tree.expanded[id] && !ancestors.has(id)) walk(id, depth + 1, new Set(ancestors).add(id));
    }
  };
  walk(OBJECTS, 0, new Set([OBJECTS]));
  return rows;
}

/** The node ids of the visible rows, for arrow-key moves. */
export function visibleNodes(rows: readonly TreeRow[]): string[] {
  return rows.flatMap((r) => (r.kind === 'node' ? [r.id] : []));
}

/** The path of a browsed node from Objects, by the parents the tree recorded. */
export function pathOf(tree: BrowseTree, nodeId: string): string[] {
  const p: string[] = [];
  for (let at: string | undefined = nodeId; at && at !== OBJECTS && p.length < 64; at = tree.nodes[at]?.parent) p.unshift(at);
  return p;
}
