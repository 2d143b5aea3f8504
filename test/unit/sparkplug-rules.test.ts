import { describe, expect, it } from 'vitest';
import type { Recorded } from '../helpers/mqtt-peers';
import type { WireMetric } from '../helpers/mqtt-wire';
import { sessionProblems } from '../helpers/sparkplug-rules';

const metric = (name: string, datatype: number, value: WireMetric['value']): WireMetric => ({ name, datatype, value, historical: false, isNull: false, props: {} });
const msg = (kind: string, seq: number | undefined, metrics: WireMetric[], device?: string): Recorded => ({
  topic: `spBv1.0/G/${kind}/N${device ? `/${device}` : ''}`,
  payload: { ...(seq === undefined ? {} : { seq: BigInt(seq) }), timestamp: 1n, metrics },
  qos: 0,
  retain: false,
});
const nbirth = (bd: bigint) => msg('NBIRTH', 0, [metric('bdSeq', 4, bd), metric('Node Control/Rebirth', 11, false)]);

/** The conformance checker must itself fail on a broken session, or every test that leans on it proves nothing. */
describe('sessionProblems', () => {
  const good = [nbirth(3n), msg('DBIRTH', 1, [metric('level', 6, 5n)], 'Pump'), msg('DDATA', 2, [metric('level', 6, 6n)], 'Pump'), msg('NDEATH', undefined, [metric('bdSeq', 4, 3n)])];

  it('passes a session that keeps the rules', () => {
    expect(sessionProblems(good, 'G', 'N')).toEqual([]);
  });

  it('names a seq gap, data before its birth, a metric not born, and an NDEATH with another bdSeq', () => {
    const bad = [
      nbirth(3n),
      msg('DDATA', 1, [metric('level', 6, 6n)], 'Pump'),
      msg('DBIRTH', 3, [metric('level', 6, 5n)], 'Pump'),
      msg('DDATA', 4, [metric('flow', 9, 1.5)], 'Pump'),
      msg('NDEATH', undefined, [metric('bdSeq', 4, 2n)]),
    ];
    const problems = sessionProblems(bad, 'G', 'N');
    expect(problems).toEqual([
      'spBv1.0/G/DDATA/N/Pump (message 2): DDATA for Pump before its DBIRTH',
      'spBv1.0/G/DBIRTH/N/Pump (message 3): seq 3, expected 2',
      'spBv1.0/G/DDATA/N/Pump (message 4): DDATA metric flow was not in Pump\'s DBIRTH',
      'spBv1.0/G/NDEATH/N (message 5): NDEATH bdSeq 2 is not the last NBIRTH\'s 3',
    ]);
  });

  it('names an NBIRTH without bdSeq or Rebirth, and data before any NBIRTH', () => {
    const problems = sessionProblems([msg('NDATA', 0, []), msg('NBIRTH', 1, [])], 'G', 'N');
    expect(problems).toEqual([
      'spBv1.0/G/NDATA/N (message 1): NDATA before any NBIRTH of this session',
      'spBv1.0/G/NBIRTH/N (message 2): NBIRTH seq is 1, not 0',
      'spBv1.0/G/NBIRTH/N (message 2): NBIRTH has no Int64 bdSeq metric',
      'spBv1.0/G/NBIRTH/N (message 2): NBIRTH has no Boolean "Node Control/Rebirth" = false',
    ]);
  });
});
