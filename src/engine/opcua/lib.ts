import type * as Ua from 'node-opcua';

/** node-opcua as loaded at run time: a host that never speaks OPC UA never pays its second of loading. */
export type OpcUa = typeof Ua;

const LOG_LIMIT = 200;
const recent: string[] = [];
let loading: Promise<OpcUa> | null = null;

/**
 * node-opcua, loaded on first use. Its warnings and errors go to a short in-memory log instead of the console (a CLI
 * command's output stays what the command prints); FIELDBENCH_OPCUA_LOG=1 prints them to stderr as well.
 */
export function opcua(): Promise<OpcUa> {
  loading ??= import('node-opcua').then((mod) => {
    const ua = ('OPCUAClient' in mod ? mod : (mod as unknown as { default: OpcUa }).default) as OpcUa;
    const keep = (level: string) => (...args: unknown[]) => {
      const line = `${level} ${args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : String(a))).join(' ')}`;
      recent.push(line);
      if (recent.length > LOG_LIMIT) recent.shift();
      if (process.env['FIELDBENCH_OPCUA_LOG'] === '1') process.stderr.write(`[node-opcua] ${line}\n`);
    };
    ua.setWarningLogger(keep('W'));
    ua.setErrorLogger(keep('E'));
    return ua;
  });
  return loading;
}

/** What node-opcua said lately (diagnostics for an error report). */
export function opcuaLog(): readonly string[] {
  return recent;
}
