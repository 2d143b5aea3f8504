import { parseArgs } from 'node:util';
import { Browser, OBJECTS_FOLDER, type BrowsedNode } from '../../engine/opcua/browse';
import { OpcUaSession } from '../../engine/opcua/session';
import { FieldbenchError } from '../../shared/errors';
import { parseIntFlag } from '../args';
import { OPCUA_HELP, OPCUA_OPTIONS, opcuaFromFlags, withTrustHint } from './opcua-flags';

export const BROWSE_HELP = `fieldbench browse opc.tcp://HOST:PORT [--depth N] [--root NODEID] [--json]
  The address space under Objects (or --root), breadth first, many nodes per Browse request; progress on stderr.
  --depth N   levels below the root (default: all)
  --json      one JSON object per node: nodeId, browseName, displayName, nodeClass, dataType, valueRank, parent, hasChildren
${OPCUA_HELP}`;

/** The nodes as an indented tree under the root, children in the order the server gave them. */
function tree(root: string, nodes: BrowsedNode[], out: (line: string) => void): void {
  const children = new Map<string, BrowsedNode[]>();
  for (const n of nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const walk = (id: string, depth: number) => {
    for (const n of children.get(id) ?? []) {
      const type = n.dataType ? ` ${n.dataType}${n.valueRank !== null && n.valueRank >= 1 ? '[]' : ''}` : '';
      out(`${'  '.repeat(depth)}${n.browseName}  (${n.nodeClass}${type})  ${n.nodeId}`);
      walk(n.nodeId, depth + 1);
    }
  };
  walk(root, 0);
}

export async function browseCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...OPCUA_OPTIONS, depth: { type: 'string' }, root: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new FieldbenchError('invalid_input', `browse takes one server URL, got ${positionals.join(' ')}`);
  const { connection, env } = opcuaFromFlags(positionals[0], values, err);
  const depth = values.depth === undefined ? Infinity : parseIntFlag(values.depth, '--depth', 1, 1000);
  const root = values.root ?? OBJECTS_FOLDER;
  const session = new OpcUaSession(connection, env);
  const browser = new Browser(session);
  const all: BrowsedNode[] = [];
  try {
    let total = 0;
    await browser.walk(root, depth, (nodes, level) => {
      total += nodes.length;
      err(`level ${level}: ${nodes.length} nodes (${total} in all; ${browser.stats.browseRequests} Browse, ${browser.stats.browseNextRequests} BrowseNext, ${browser.stats.readRequests} Read requests)`);
      if (values.json) {
        for (const n of nodes) out(JSON.stringify({ nodeId: n.nodeId, browseName: n.browseName, displayName: n.displayName, nodeClass: n.nodeClass, dataType: n.dataType, valueRank: n.valueRank, parent: n.parent, hasChildren: n.hasChildren }));
      } else all.push(...nodes);
    });
    if (!values.json) tree(root, all, out);
    err(`${total} nodes under ${root}`);
    return 0;
  } catch (e) {
    throw withTrustHint(e, values.home);
  } finally {
    await session.close();
  }
}
