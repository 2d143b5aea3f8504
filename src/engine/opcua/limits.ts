import type { ClientSession } from 'node-opcua';

/** How much one request may carry, after the server's own limits (0 = none stated) and ours. */
export interface OperationLimits {
  nodesPerRead: number;
  nodesPerWrite: number;
  nodesPerBrowse: number;
  monitoredItemsPerCall: number;
  /** Browse continuation points the server keeps per session (0 = not stated). */
  browseContinuationPoints: number;
}

/** Our own ceilings: a server that states no limit still gets requests of a size every stack handles well. */
export const CEILINGS = { nodesPerRead: 1000, nodesPerWrite: 500, nodesPerBrowse: 500, monitoredItemsPerCall: 1000 };

/** Server_ServerCapabilities: OperationLimits.MaxNodesPerRead, ...Write, ...Browse, MaxMonitoredItemsPerCall, MaxBrowseContinuationPoints. */
const IDS = { nodesPerRead: 11705, nodesPerWrite: 11707, nodesPerBrowse: 11710, monitoredItemsPerCall: 11714, browseContinuationPoints: 2735 } as const;
const VALUE = 13;

/** The effective size of a request: the server's limit when it states one, never more than our ceiling. */
export function effective(serverLimit: number, ceiling: number): number {
  return serverLimit > 0 ? Math.min(serverLimit, ceiling) : ceiling;
}

/** Split a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Run tasks with at most `limit` in flight, results in task order: several batched requests on the wire at once,
 * so the server works on one while the client decodes another. The first failure rejects.
 */
export async function inFlight<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return out;
}

/** Read the server's operation limits in one request; a server without them gets our ceilings. */
export async function readLimits(session: ClientSession): Promise<OperationLimits> {
  const keys = Object.keys(IDS) as (keyof typeof IDS)[];
  const stated: Record<string, number> = {};
  try {
    const values = await session.read(keys.map((k) => ({ nodeId: `ns=0;i=${IDS[k]}`, attributeId: VALUE })));
    keys.forEach((k, i) => {
      const v = values[i];
      stated[k] = v && v.statusCode.isGood() && typeof v.value.value === 'number' ? v.value.value : 0;
    });
  } catch {
    // no limits readable: our ceilings
  }
  return {
    nodesPerRead: effective(stated['nodesPerRead'] ?? 0, CEILINGS.nodesPerRead),
    nodesPerWrite: effective(stated['nodesPerWrite'] ?? 0, CEILINGS.nodesPerWrite),
    nodesPerBrowse: effective(stated['nodesPerBrowse'] ?? 0, CEILINGS.nodesPerBrowse),
    monitoredItemsPerCall: effective(stated['monitoredItemsPerCall'] ?? 0, CEILINGS.monitoredItemsPerCall),
    browseContinuationPoints: stated['browseContinuationPoints'] ?? 0,
  };
}
