import type { DataValue } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { bad } from '../../shared/quality';
import type { AcquireItem, SourceReading } from '../drivers/driver';
import { opcuaError } from './errors';
import { opcua } from './lib';
import { chunks } from './limits';
import type { OpcUaSession } from './session';
import { withTimeout } from './session';
import { qualityOf } from './status';
import { variantToJson } from './values';

const VALUE = 13;

/**
 * A DataValue as a reading: the value JSON-safe, the quality from its StatusCode (a Bad value is never passed on:
 * null; an Uncertain one keeps its value and says Uncertain), and the source timestamp where the server gives one.
 */
export function readingOf(key: string, dv: DataValue, receivedAt: number): SourceReading {
  const quality = qualityOf(dv.statusCode);
  const reading: SourceReading = { key, value: quality.status === 'bad' ? null : variantToJson(dv.value), quality, receivedAt };
  const ts = dv.sourceTimestamp;
  if (ts && ts.getTime() > 0) reading.sourceTimestamp = ts.getTime();
  return reading;
}

/** An item's NodeId, or null for an item that is not an OPC UA source. */
export function nodeIdOf(item: AcquireItem): string | null {
  return item.tag.source.kind === 'opcua' && !item.rawRange ? item.tag.source.nodeId : null;
}

export const NOT_OPCUA = bad('not an OPC UA source');

/** Whether node-opcua can parse a NodeId text; a Bad quality naming it when not. */
export async function nodeIdProblem(nodeId: string): Promise<SourceReading['quality'] | null> {
  const ua = await opcua();
  try {
    ua.resolveNodeId(nodeId);
    return null;
  } catch {
    return bad(`BadNodeIdInvalid: "${nodeId}" is not a NodeId`);
  }
}

/** Read the Value of every item with as few Read requests as the server's limits allow. Throws when no session opens. */
export async function readItems(session: OpcUaSession, items: readonly AcquireItem[]): Promise<SourceReading[]> {
  const s = await session.open();
  const { nodesPerRead } = await session.limits();
  const out: SourceReading[] = [];
  const readable: { key: string; nodeId: string }[] = [];
  for (const it of items) {
    const nodeId = nodeIdOf(it);
    const problem = nodeId ? await nodeIdProblem(nodeId) : NOT_OPCUA;
    if (nodeId && !problem) readable.push({ key: it.key, nodeId });
    else out.push({ key: it.key, value: null, quality: problem ?? NOT_OPCUA, receivedAt: Date.now() });
  }
  for (const batch of chunks(readable, nodesPerRead)) {
    if (session.state !== 'connected') throw new FieldbenchError('connection_failed', `Read on ${session.url}: ${session.detail ?? 'not connected'}`);
    const t0 = Date.now();
    let values: DataValue[];
    try {
      values = await withTimeout(s.read(batch.map((b) => ({ nodeId: b.nodeId, attributeId: VALUE }))), session.connection.requestTimeoutMs, `Read on ${session.url}`);
    } catch (err) {
      throw opcuaError(err, `Read on ${session.url}`);
    }
    const at = Date.now();
    batch.forEach((b, i) => {
      const r = readingOf(b.key, values[i]!, at);
      r.durationMs = at - t0;
      out.push(r);
    });
  }
  return out;
}
