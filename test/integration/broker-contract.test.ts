import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { BrokerMessage, BrokerMessageBatch, BrokerStarted, BrokerStatus } from '../../src/shared/contract';
import { makeEngine } from '../helpers/engine';

// The Broker part of the contract through the engine's dispatch and event stream, as the Broker screen uses it, with
// a real mqtt.js client publishing. Sparkplug bytes are written by hand below (protobuf fields of sparkplug_b.proto),
// not by the engine's codec, so the decoding is checked against the schema.
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ engine, dir, dispose } = await makeEngine());
}, 30_000);
afterAll(async () => dispose?.());

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

/* A minimal protobuf writer for the test's own Sparkplug payloads. */
const varint = (v: bigint): number[] => {
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const key = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const vfield = (field: number, v: bigint) => [...key(field, 0), ...varint(v)];
const lfield = (field: number, bytes: number[]) => [...key(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
const str = (s: string) => [...Buffer.from(s, 'utf8')];
/** DDATA: timestamp 1700000000000, seq 7, metric alias 3 Int32 (3) = -5, metric "Motor/Speed" UInt64 (8) = 2^63. */
const ddata = Buffer.from([
  ...vfield(1, 1700000000000n),
  ...lfield(2, [...vfield(2, 3n), ...vfield(4, 3n), ...vfield(10, BigInt.asUintN(32, -5n))]),
  ...lfield(2, [...lfield(1, str('Motor/Speed')), ...vfield(4, 8n), ...vfield(11, 2n ** 63n)]),
  ...vfield(3, 7n),
]);

describe('broker contract', () => {
  let started: BrokerStarted;

  it('is not running until asked', async () => {
    const s = await call<BrokerStatus>('broker.status', {});
    expect(s.running).toBe(false);
    expect(s.listeners).toEqual([]);
  });

  it('starts on loopback with generated credentials; the password is kept only in a 0600 file of the data folder', async () => {
    started = await call<BrokerStarted>('broker.start', { port: 0 });
    const l = started.status.listeners[0]!;
    expect(l.host).toBe('127.0.0.1');
    expect(l.port).toBeGreaterThan(0);
    expect(l.url).toBe(`mqtt://127.0.0.1:${l.port}`);
    expect(started.credentials.password.length).toBeGreaterThanOrEqual(32);
    expect(started.status.username).toBe(started.credentials.username);
    const file = started.status.passwordFile!;
    expect(file.startsWith(path.join(dir, 'data'))).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(started.credentials.password);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const status = await call<BrokerStatus>('broker.status', {});
    expect(JSON.stringify(status)).not.toContain(started.credentials.password);
    // Nowhere else on disk: not in the project, its recovery copy or any other file of the data folder.
    const others = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && path.join(e.parentPath, e.name) !== file);
    for (const f of others) expect(readFileSync(path.join(f.parentPath, f.name), 'utf8')).not.toContain(started.credentials.password);
    expect((await engine.dispatch('broker.start', { port: 0 })).ok).toBe(false);
  });

  it('refuses a client with a wrong password', async () => {
    const c = mqtt.connect(started.status.listeners[0]!.url, { username: started.credentials.username, password: 'wrong', reconnectPeriod: 0 });
    const err = await new Promise<Error>((resolve) => c.once('error', resolve));
    expect(err.message).toMatch(/not authorized|bad user/i);
    await c.endAsync(true);
  });

  it('streams every message to a subscribed page: text as text, Sparkplug decoded, with QoS, retain and size', async () => {
    const got: BrokerMessage[] = [];
    const off = engine.subscribe('broker.messages', (b) => got.push(...(b as BrokerMessageBatch).messages));
    const c = await mqtt.connectAsync(started.status.listeners[0]!.url, { ...started.credentials, reconnectPeriod: 0 });
    try {
      await c.publishAsync('plant/line1/temp', '{"t": 21.5}', { qos: 1, retain: true });
      await c.publishAsync('spBv1.0/Plant/DDATA/edge1/pump', ddata, { qos: 0 });
      await c.publishAsync('raw/bytes', Buffer.from([0, 1, 2, 0xff]), { qos: 0 });
      await c.publishAsync('big/text', 'x'.repeat(10_000), { qos: 0 });
      for (let i = 0; i < 100 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 50));
      const clients = (await call<BrokerStatus>('broker.status', {})).clients;
      expect(clients).toBe(1);
    } finally {
      off();
      await c.endAsync();
    }
    expect(got.map((m) => m.topic)).toEqual(['plant/line1/temp', 'spBv1.0/Plant/DDATA/edge1/pump', 'raw/bytes', 'big/text']);
    const [text, sp, raw, big] = got as [BrokerMessage, BrokerMessage, BrokerMessage, BrokerMessage];
    expect(text).toMatchObject({ text: '{"t": 21.5}', qos: 1, retain: true, size: 11, sparkplug: null, truncated: false });
    expect(sp).toMatchObject({ qos: 0, retain: false, size: ddata.length, text: null });
    expect(sp.sparkplug).toMatchObject({ group: 'Plant', type: 'DDATA', node: 'edge1', device: 'pump', seq: 7, timestamp: 1700000000000, error: null });
    expect(sp.sparkplug!.metrics).toEqual([
      { name: null, alias: '3', datatype: 'Int32', value: -5, timestamp: null, units: null },
      { name: 'Motor/Speed', alias: null, datatype: 'UInt64', value: '9223372036854775808', timestamp: null, units: null },
    ]);
    expect(raw).toMatchObject({ text: null, size: 4, sparkplug: null });
    expect(big.truncated).toBe(true);
    expect(big.size).toBe(10_000);
    expect(big.text!.length).toBeLessThan(10_000);
    const status = await call<BrokerStatus>('broker.status', {});
    expect(status.totalMessages).toBe(4);
  });

  it('stops: the port is closed and the password file is gone', async () => {
    const s = await call<BrokerStatus>('broker.stop', {});
    expect(s.running).toBe(false);
    expect(existsSync(started.status.passwordFile!)).toBe(false);
    const c = mqtt.connect(started.status.listeners[0]!.url, { ...started.credentials, reconnectPeriod: 0, connectTimeout: 2000 });
    const err = await new Promise<Error>((resolve) => c.once('error', resolve));
    expect(err.message).toMatch(/ECONNREFUSED/);
    await c.endAsync(true);
  });
});

describe('broker lifetime', () => {
  it('closes with the engine: the port stops answering and the password file is gone', async () => {
    const other = await makeEngine();
    let closed = false;
    try {
      const s = await (async () => {
        const env = await other.engine.dispatch('broker.start', { port: 0 });
        if (!env.ok) throw new Error(env.error.message);
        return env.value as BrokerStarted;
      })();
      await other.dispose();
      closed = true;
      expect(existsSync(s.status.passwordFile!)).toBe(false);
      const c = mqtt.connect(s.status.listeners[0]!.url, { ...s.credentials, reconnectPeriod: 0, connectTimeout: 2000 });
      const err = await new Promise<Error>((resolve) => c.once('error', resolve));
      expect(err.message).toMatch(/ECONNREFUSED/);
      await c.endAsync(true);
    } finally {
      if (!closed) await other.dispose();
    }
  });

  it('refuses a port that is not one', async () => {
    const env = await engine.dispatch('broker.start', { port: 70000 });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('invalid_input');
  });
});
