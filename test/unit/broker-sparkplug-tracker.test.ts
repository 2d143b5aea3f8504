import { describe, expect, it } from 'vitest';
import type { BrokerMessage, SparkplugMetricView, SparkplugView } from '../../src/shared/contract/broker';
import { SparkplugTracker } from '../../src/renderer/src/screens/broker/sparkplugTracker';
import { recordOf, toCsv, toJsonLines } from '../../src/renderer/src/screens/broker/sessionRecord';
import { addMessage, findNode, newNode, visibleRows } from '../../src/renderer/src/screens/broker/topicTree';

// The Broker screen's Sparkplug checks, fed messages as the engine's stream carries them.
const metric = (p: Partial<SparkplugMetricView>): SparkplugMetricView => ({ name: null, alias: null, datatype: null, value: null, timestamp: null, units: null, ...p });

function msg(type: string, seq: number | null, extra: Partial<SparkplugView> = {}, device: string | null = null): BrokerMessage {
  const topic = `spBv1.0/G/${type}/edge${device === null ? '' : `/${device}`}`;
  const sparkplug: SparkplugView = { group: 'G', type, node: 'edge', device, seq, timestamp: 1, bdSeq: null, metrics: [], moreMetrics: 0, error: null, ...extra };
  return { topic, size: 10, time: 1, qos: 0, retain: false, text: null, truncated: false, sparkplug };
}

describe('SparkplugTracker', () => {
  it('resolves aliases from the births and accepts seq that goes +1 through the wrap at 255', () => {
    const t = new SparkplugTracker();
    expect(t.track(msg('NBIRTH', 254, { bdSeq: 4, metrics: [metric({ name: 'bdSeq', datatype: 'UInt64', value: '4' })] }))!.issues).toEqual([]);
    const birth = t.track(msg('DBIRTH', 255, { metrics: [metric({ name: 'Flow', alias: '7', datatype: 'Float', units: 'm3/h', value: 1 })] }, 'pump'));
    expect(birth!.issues).toEqual([]);
    const data = t.track(msg('DDATA', 0, { metrics: [metric({ alias: '7', value: 2.5 })] }, 'pump'))!;
    expect(data.issues).toEqual([]);
    expect(data.metrics[0]).toMatchObject({ resolvedName: 'Flow', datatype: 'Float', units: 'm3/h', value: 2.5 });
  });

  it('flags a seq that is not the previous + 1, and judges the next one from the new value', () => {
    const t = new SparkplugTracker();
    t.track(msg('NBIRTH', 0, { bdSeq: 1 }));
    t.track(msg('DBIRTH', 1, {}, 'pump'));
    const gap = t.track(msg('DDATA', 5, {}, 'pump'))!;
    expect(gap.issues).toEqual([{ kind: 'seq-gap', text: expect.stringContaining('expected 2') as string }]);
    expect(t.track(msg('DDATA', 6, {}, 'pump'))!.issues).toEqual([]);
    expect(t.track(msg('NDATA', 6))!.issues.map((i) => i.kind)).toEqual(['seq-gap']);
  });

  it('flags data before any birth, of the node and of the device', () => {
    const t = new SparkplugTracker();
    expect(t.track(msg('DDATA', 3, {}, 'pump'))!.issues.map((i) => i.kind)).toEqual(['no-birth']);
    t.track(msg('NBIRTH', 0, { bdSeq: 0 }));
    expect(t.track(msg('DDATA', 1, {}, 'pump'))!.issues).toEqual([{ kind: 'no-birth', text: expect.stringContaining('DBIRTH') as string }]);
  });

  it('matches the bdSeq of an NDEATH to its NBIRTH; after the death, data needs a new birth', () => {
    const t = new SparkplugTracker();
    t.track(msg('NBIRTH', 0, { bdSeq: 3 }));
    const death = t.track(msg('NDEATH', null, { bdSeq: 3 }))!;
    expect(death.issues).toEqual([]);
    expect(death.birthBdSeq).toBe(3);
    expect(t.track(msg('NDATA', 1))!.issues.map((i) => i.kind)).toEqual(['no-birth']);
    t.track(msg('NBIRTH', 0, { bdSeq: 4 }));
    expect(t.track(msg('NDEATH', null, { bdSeq: 3 }))!.issues.map((i) => i.kind)).toEqual(['bdseq-mismatch']);
  });

  it('does not judge a seq after messages were lost on the way', () => {
    const t = new SparkplugTracker();
    t.track(msg('NBIRTH', 0, { bdSeq: 0 }));
    t.lostMessages();
    expect(t.track(msg('NDATA', 9))!.issues).toEqual([]);
    expect(t.track(msg('NDATA', 11))!.issues.map((i) => i.kind)).toEqual(['seq-gap']);
  });
});

describe('topic tree', () => {
  it('counts messages per level and keeps the last payload of each topic', () => {
    const root = newNode('', '', -1);
    const text = (topic: string, t: string): BrokerMessage => ({ topic, size: t.length, time: 1, qos: 0, retain: false, text: t, truncated: false, sparkplug: null });
    addMessage(root, text('a/b/c', '1'), null);
    addMessage(root, text('a/b/c', '2'), null);
    addMessage(root, text('a/d', '3'), null);
    expect(findNode(root, 'a')!.total).toBe(3);
    expect(findNode(root, 'a/b')!.total).toBe(2);
    expect(findNode(root, 'a/b/c')!.count).toBe(2);
    expect(findNode(root, 'a/b/c')!.last!.text).toBe('2');
    expect(visibleRows(root, new Set()).map((n) => n.path)).toEqual(['a', 'a/b', 'a/b/c', 'a/d']);
    expect(visibleRows(root, new Set(['a/b'])).map((n) => n.path)).toEqual(['a', 'a/b', 'a/d']);
  });
});

describe('recorded session', () => {
  it('writes a CSV row per metric with names from the birth, and text payloads quoted as text', () => {
    const t = new SparkplugTracker();
    const birth = msg('NBIRTH', 0, { bdSeq: 0, metrics: [metric({ name: 'Level, tank "A"', alias: '1', datatype: 'Float', value: 1.5 })] });
    const data = msg('NDATA', 2, { metrics: [metric({ alias: '1', value: 2 })] });
    const text: BrokerMessage = { topic: 'a/b', size: 9, time: 0, qos: 1, retain: true, text: '=1+2,"x"', truncated: false, sparkplug: null };
    const records = [recordOf(birth, t.track(birth)), recordOf(data, t.track(data)), recordOf(text, null)];
    const rows = toCsv(records).split('\r\n');
    expect(rows[1]).toBe('1970-01-01T00:00:00.001Z,spBv1.0/G/NBIRTH/edge,0,false,10,NBIRTH,0,"Level, tank ""A""",1,Float,1.5,,,,');
    expect(rows[2]).toBe('1970-01-01T00:00:00.001Z,spBv1.0/G/NDATA/edge,0,false,10,NDATA,2,"Level, tank ""A""",1,Float,2,,,,seq-gap: seq 2 after 0 from edge (expected 1)');
    // A payload that starts like a formula stays text in a spreadsheet.
    expect(rows[3]).toBe(`1970-01-01T00:00:00.000Z,a/b,1,true,9,,,,,,,,,"'=1+2,""x""",`);
    const lines = toJsonLines(records).trim().split('\n').map((l) => JSON.parse(l) as { topic: string });
    expect(lines.map((l) => l.topic)).toEqual(['spBv1.0/G/NBIRTH/edge', 'spBv1.0/G/NDATA/edge', 'a/b']);
  });
});
