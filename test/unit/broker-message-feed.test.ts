import { describe, expect, it } from 'vitest';
import { BATCH_CAP, MessageFeed } from '../../src/engine/broker/message-feed';
import { messageView, TEXT_EXCERPT } from '../../src/engine/broker/message-view';
import type { BrokerMessageBatch } from '../../src/shared/contract/broker';

const message = (i: number) => ({ topic: `t/${i}`, payload: Buffer.from(String(i)), qos: 0, retain: false });
const nextBatch = (batches: BrokerMessageBatch[]) =>
  new Promise<BrokerMessageBatch>((resolve) => {
    const poll = setInterval(() => {
      if (batches.length) {
        clearInterval(poll);
        resolve(batches.shift()!);
      }
    }, 5);
  });

describe('MessageFeed', () => {
  it('sends every message in order, at most BATCH_CAP per batch, and counts the rest as dropped', async () => {
    const batches: BrokerMessageBatch[] = [];
    const feed = new MessageFeed((b) => batches.push(b), () => true, 20);
    for (let i = 0; i < BATCH_CAP + 250; i++) feed.accept(message(i));
    const b = await nextBatch(batches);
    expect(b.messages).toHaveLength(BATCH_CAP);
    expect(b.messages.map((m) => m.topic).slice(0, 3)).toEqual(['t/0', 't/1', 't/2']);
    expect(b.messages.at(-1)!.topic).toBe(`t/${BATCH_CAP - 1}`);
    expect(b.dropped).toBe(250);
    feed.accept(message(9));
    expect(await nextBatch(batches)).toMatchObject({ messages: [{ topic: 't/9' }], dropped: 0 });
    feed.stop();
  });

  it('keeps and decodes nothing while no page listens', async () => {
    const batches: BrokerMessageBatch[] = [];
    let listening = false;
    const feed = new MessageFeed((b) => batches.push(b), () => listening, 10);
    feed.accept(message(1));
    listening = true;
    feed.accept(message(2));
    expect((await nextBatch(batches)).messages.map((m) => m.topic)).toEqual(['t/2']);
    feed.stop();
  });
});

describe('messageView', () => {
  it('cuts long text to the excerpt without breaking a character, and says so', () => {
    const long = Buffer.from('€'.repeat(TEXT_EXCERPT * 3), 'utf8');
    const v = messageView({ topic: 'x', payload: long, qos: 0, retain: false }, 0);
    expect(v.truncated).toBe(true);
    expect(v.text).toBe('€'.repeat(TEXT_EXCERPT));
    expect(v.size).toBe(long.length);
  });

  it('does not cut a character outside the basic plane in half', () => {
    const v = messageView({ topic: 'x', payload: Buffer.from(`a${'😀'.repeat(TEXT_EXCERPT)}`, 'utf8'), qos: 0, retain: false }, 0);
    expect(v.text).toBe(`a${'😀'.repeat((TEXT_EXCERPT - 2) / 2)}`);
    expect(v.truncated).toBe(true);
  });

  it('reports bytes on a spBv1.0 topic that are not Sparkplug B instead of failing', () => {
    const v = messageView({ topic: 'spBv1.0/G/NDATA/n', payload: Buffer.from([0x0a, 0xff]), qos: 1, retain: false }, 0);
    expect(v.sparkplug).toMatchObject({ group: 'G', type: 'NDATA', node: 'n', metrics: [] });
    expect(v.sparkplug!.error).toMatch(/not a Sparkplug B payload/);
  });
});
