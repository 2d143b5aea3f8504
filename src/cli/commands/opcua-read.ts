import { parseArgs } from 'node:util';
import { OpcUaSession } from '../../engine/opcua/session';
import { FieldbenchError } from '../../shared/errors';
import { CLI_DEVICE_ID, cliCore, singleOpcUaProject } from '../cli-engine';
import { OPCUA_HELP, OPCUA_OPTIONS, opcuaFromFlags, withTrustHint } from './opcua-flags';

export const OPCUA_READ_HELP = `fieldbench read --opcua opc.tcp://HOST:PORT --node NODEID [--node NODEID ...] [--json]
                one Read of each node's Value through the engine, as the app reads a tag: value, quality, source time
${OPCUA_HELP}`;

/** `read --opcua`: the nodes as tags of a one-device project, read once through the engine core. */
export async function opcuaReadCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...OPCUA_OPTIONS, opcua: { type: 'string' }, node: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const nodes = values.node ?? [];
  if (!nodes.length) throw new FieldbenchError('invalid_input', '--node NODEID is required (such as ns=2;s=Line1.Temp or i=2258)');
  const { connection, env } = opcuaFromFlags(values.opcua, values, err);
  const project = singleOpcUaProject(
    connection,
    nodes.map((nodeId, i) => ({ name: `${i + 1}`, source: { kind: 'opcua' as const, nodeId } })),
  );
  const core = cliCore(project, env.dataDir, env);
  try {
    const readings = await core.readOnce(CLI_DEVICE_ID);
    let bad = 0;
    for (const r of readings.sort((a, b) => Number(a.name) - Number(b.name))) {
      const nodeId = nodes[Number(r.name) - 1]!;
      if (r.quality.status !== 'good') bad++;
      const ts = r.sourceTimestamp !== undefined ? new Date(r.sourceTimestamp).toISOString() : null;
      if (values.json) out(JSON.stringify({ nodeId, value: r.value, quality: r.quality, sourceTimestamp: ts }));
      else out(`${nodeId}  ${JSON.stringify(r.value)}  ${r.quality.status}${r.quality.reason ? ` (${r.quality.reason})` : ''}${ts ? `  ${ts}` : ''}`);
    }
    return bad ? 1 : 0;
  } catch (e) {
    throw withTrustHint(e, values.home);
  } finally {
    await core.close();
    await OpcUaSession.closeAll();
  }
}
