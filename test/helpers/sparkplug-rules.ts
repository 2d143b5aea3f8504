import type { Recorded } from './mqtt-peers';

/**
 * The Sparkplug B 3.0 session rules a recorded stream of one edge node must keep, checked over the tests' own decoding
 * of the bytes (test/helpers/mqtt-wire.ts), whoever published them: the conformance suite's edge node, or a gateway
 * bundle running as its own process. Returns every broken rule as a sentence; an empty list is a conforming session.
 */
export function sessionProblems(msgs: readonly Recorded[], group: string, node: string): string[] {
  const problems: string[] = [];
  const ours = msgs.filter((m) => m.topic.split('/')[1] === group && m.topic.split('/')[3] === node);
  let seq = -1;
  let bdSeq: bigint | undefined;
  let born = false;
  /** The metric names of each device's DBIRTH in this session. */
  const births = new Map<string, Set<string>>();
  for (const m of ours) {
    const [, , kind, , device] = m.topic.split('/');
    const where = `${m.topic} (message ${msgs.indexOf(m) + 1})`;
    if (kind === 'NCMD' || kind === 'DCMD') continue;
    if (kind === 'NDEATH') {
      if (m.payload.seq !== undefined) problems.push(`${where}: an NDEATH carries no seq`);
      const bd = m.payload.metrics.find((x) => x.name === 'bdSeq');
      if (m.payload.metrics.length !== 1 || !bd) problems.push(`${where}: an NDEATH carries the bdSeq metric alone`);
      else if (bdSeq !== undefined && bd.value !== bdSeq) problems.push(`${where}: NDEATH bdSeq ${String(bd.value)} is not the last NBIRTH's ${String(bdSeq)}`);
      born = false;
      births.clear();
      continue;
    }
    if (kind === 'NBIRTH') {
      if (m.payload.seq !== 0n) problems.push(`${where}: NBIRTH seq is ${String(m.payload.seq)}, not 0`);
      if (m.payload.timestamp === undefined) problems.push(`${where}: NBIRTH has no timestamp`);
      const bd = m.payload.metrics.find((x) => x.name === 'bdSeq');
      if (!bd || bd.datatype !== 4) problems.push(`${where}: NBIRTH has no Int64 bdSeq metric`);
      else bdSeq = bd.value as bigint;
      const rebirth = m.payload.metrics.find((x) => x.name === 'Node Control/Rebirth');
      if (!rebirth || rebirth.datatype !== 11 || rebirth.value !== false) problems.push(`${where}: NBIRTH has no Boolean "Node Control/Rebirth" = false`);
      seq = 0;
      born = true;
      births.clear();
      continue;
    }
    if (!born) {
      problems.push(`${where}: ${kind} before any NBIRTH of this session`);
      continue;
    }
    seq = (seq + 1) % 256;
    if (m.payload.seq !== BigInt(seq)) {
      problems.push(`${where}: seq ${String(m.payload.seq)}, expected ${seq}`);
      if (m.payload.seq !== undefined) seq = Number(m.payload.seq) % 256; // one gap, not every message after it
    }
    if (m.qos !== 0) problems.push(`${where}: ${kind} published at QoS ${m.qos}, not 0`);
    if (m.retain) problems.push(`${where}: ${kind} retained`);
    if (kind === 'DBIRTH') {
      for (const x of m.payload.metrics) {
        if (x.datatype === undefined) problems.push(`${where}: DBIRTH metric ${x.name ?? '?'} has no datatype`);
        if (!x.isNull && x.value === undefined) problems.push(`${where}: DBIRTH metric ${x.name ?? '?'} has neither a value nor is_null`);
      }
      births.set(device!, new Set(m.payload.metrics.map((x) => x.name ?? `#${String(x.alias)}`)));
    } else if (kind === 'DDATA') {
      const names = births.get(device!);
      if (!names) problems.push(`${where}: DDATA for ${device} before its DBIRTH`);
      else for (const x of m.payload.metrics) if (x.name !== undefined && !names.has(x.name)) problems.push(`${where}: DDATA metric ${x.name} was not in ${device}'s DBIRTH`);
    } else if (kind === 'DDEATH') births.delete(device!);
  }
  return problems;
}
