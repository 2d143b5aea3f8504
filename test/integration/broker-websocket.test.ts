import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/engine/broker/embedded-broker';
import type { BrokerStarted, BrokerStatus } from '../../src/shared/contract';
import { makeEngine } from '../helpers/engine';

// MQTT over WebSocket on the embedded broker: off unless asked, loopback unless the network is explicitly allowed,
// the same login as the TCP listener; an mqtt.js ws:// client and a TCP client talk through it both ways.
describe('the embedded broker WebSocket listener', () => {
  let broker: RunningBroker | null = null;
  afterAll(async () => broker?.close());

  it('is off by default', async () => {
    const b = await startBroker({ port: 0 });
    try {
      expect(b.wsUrl).toBeUndefined();
    } finally {
      await b.close();
    }
  });

  it('refuses a host off loopback unless the network is explicitly allowed', async () => {
    await expect(startBroker({ port: 0, websocket: { port: 0, host: '0.0.0.0' } })).rejects.toThrow(/loopback only/);
  });

  it('carries MQTT between a ws:// client and a TCP client, both ways, with the broker login', async () => {
    broker = await startBroker({ port: 0, websocket: { port: 0 } });
    expect(broker.wsUrl).toBe(`ws://127.0.0.1:${broker.wsPort}/mqtt`);
    const ws = await mqtt.connectAsync(broker.wsUrl!, { ...broker.credentials, reconnectPeriod: 0 });
    const tcp = await mqtt.connectAsync(broker.url, { ...broker.credentials, reconnectPeriod: 0 });
    try {
      const atWs: string[] = [];
      const atTcp: string[] = [];
      ws.on('message', (t, p) => atWs.push(`${t}=${p.toString()}`));
      tcp.on('message', (t, p) => atTcp.push(`${t}=${p.toString()}`));
      await ws.subscribeAsync('down/#', { qos: 1 });
      await tcp.subscribeAsync('up/#', { qos: 1 });
      expect(broker.clients()).toBe(2);
      await tcp.publishAsync('down/a', 'from tcp', { qos: 1 });
      await ws.publishAsync('up/b', 'from ws', { qos: 1 });
      for (let i = 0; i < 200 && (atWs.length < 1 || atTcp.length < 1); i++) await new Promise((r) => setTimeout(r, 10));
      expect(atWs).toEqual(['down/a=from tcp']);
      expect(atTcp).toEqual(['up/b=from ws']);
    } finally {
      await ws.endAsync();
      await tcp.endAsync();
    }
  });

  it('refuses a ws:// client with a wrong password', async () => {
    const c = mqtt.connect(broker!.wsUrl!, { username: broker!.credentials.username, password: 'wrong', reconnectPeriod: 0 });
    const err = await new Promise<Error>((resolve) => c.once('error', resolve));
    expect(err.message).toMatch(/not authorized|bad user/i);
    await c.endAsync(true);
  });

  it('closes with the broker: the ws port stops answering', async () => {
    const url = broker!.wsUrl!;
    await broker!.close();
    broker = null;
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 2000 });
    const err = await new Promise<Error>((resolve) => c.once('error', resolve));
    expect(err.message).toMatch(/ECONNREFUSED|closed|connect/i);
    await c.endAsync(true);
  });
});

describe('the WebSocket listener through the contract', () => {
  it('is listed beside the TCP listener, on loopback, with no warning', async () => {
    const { engine, dispose } = await makeEngine();
    try {
      const env = await engine.dispatch('broker.start', { port: 0, websocket: { port: 0 } });
      if (!env.ok) throw new Error(env.error.message);
      const started = env.value as BrokerStarted;
      const ws = started.status.listeners.find((l) => l.websocket)!;
      expect(ws).toMatchObject({ host: '127.0.0.1', tls: false });
      expect(ws.url).toBe(`ws://127.0.0.1:${ws.port}/mqtt`);
      expect(started.status.warnings).toEqual([]);
      const c = await mqtt.connectAsync(ws.url, { ...started.credentials, reconnectPeriod: 0 });
      await c.endAsync();
      const plain = await engine.dispatch('broker.start', { port: 0 });
      expect(plain.ok).toBe(false);
      const stopped = await engine.dispatch('broker.stop', {});
      expect((stopped as { value: BrokerStatus }).value.listeners).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
