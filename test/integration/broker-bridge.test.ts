import { writeFileSync } from 'node:fs';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttBridge, type BridgeState } from '../../src/engine/broker/bridge';
import { startBroker, type RunningBroker } from '../../src/engine/broker/embedded-broker';
import { tempDir } from '../helpers/engine';
import { mosquittoBroker, type TestBroker } from '../helpers/mqtt-peers';
import { ROOT, startPeer } from '../helpers/processes';

/** A subscriber that keeps every message as "topic=payload". */
async function listen(url: string, login: { username: string; password: string }, filter: string): Promise<{ client: MqttClient; got: string[] }> {
  const client = await mqtt.connectAsync(url, { ...login, reconnectPeriod: 0 });
  const got: string[] = [];
  client.on('message', (t, p) => got.push(`${t}=${p.toString()}`));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, got };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let tmp: { dir: string; cleanup: () => void };
let local: RunningBroker;
let remote: TestBroker;
let bridge: MqttBridge;
const states: BridgeState[] = [];

beforeAll(async () => {
  tmp = tempDir('fieldbench-bridge-');
  local = await startBroker({ port: 0 });
  remote = await mosquittoBroker(tmp.dir);
  bridge = new MqttBridge({
    local: { url: local.url, ...local.credentials },
    remote: { url: remote.url, ...remote.login },
    rules: [
      { local: 'plant/', remote: 'site1/plant/', direction: 'out', qos: 1 },
      { local: 'cmd/', remote: 'site1/cmd/', direction: 'in', qos: 1 },
      { local: 'sync/', remote: 'site1/sync/', direction: 'both', qos: 1 },
    ],
    backoff: { minMs: 100, maxMs: 400 },
    onState: (s) => states.push(s),
  });
  await until(() => bridge.state.local === 'connected' && bridge.state.remote === 'connected', 'both sides connected');
});
afterAll(async () => {
  await bridge?.close();
  await local?.close();
  await remote?.stop();
  tmp?.cleanup();
});

describe('the bridge from the embedded broker to mosquitto', () => {
  it('maps topics by rule, each in its direction, and never sends a message back where it came from', async () => {
    const here = await listen(local.url, local.credentials, '#');
    const there = await listen(remote.url, remote.login, 'site1/#');
    // The subscriptions of the bridge itself are in place before these publishes (it subscribed on connect).
    await here.client.publishAsync('plant/tank/level', '1500', { qos: 1 });
    await there.client.publishAsync('site1/cmd/start', 'go', { qos: 1 });
    await here.client.publishAsync('sync/a', 'from-local', { qos: 1 });
    await there.client.publishAsync('site1/sync/b', 'from-remote', { qos: 1 });
    await here.client.publishAsync('cmd/local-only', 'x', { qos: 1 }); // an "in" rule does not forward out
    await until(() => bridge.state.echoesSuppressed >= 2, 'both echoes to come back and be dropped');
    await until(() => there.got.includes('site1/sync/a=from-local') && here.got.includes('sync/b=from-remote') && there.got.includes('site1/plant/tank/level=1500') && here.got.includes('cmd/start=go'), 'the forwarded messages');
    expect(there.got.filter((m) => m.startsWith('site1/sync/')).sort()).toEqual(['site1/sync/a=from-local', 'site1/sync/b=from-remote']);
    expect(here.got.filter((m) => m.startsWith('sync/')).sort()).toEqual(['sync/a=from-local', 'sync/b=from-remote']);
    expect(there.got.some((m) => m.includes('local-only'))).toBe(false);
    expect(bridge.state).toMatchObject({ forwardedOut: 2, forwardedIn: 2, echoesSuppressed: 2 });
    await here.client.endAsync();
    await there.client.endAsync();
  });

  it('reconnects to the upstream with backoff after it goes away, and forwards again', async () => {
    await remote.stop();
    await until(() => bridge.state.remote === 'reconnecting', 'the bridge to notice');
    await remote.restart();
    await until(() => bridge.state.remote === 'connected', 'the bridge to reconnect');
    expect(states.map((s) => s.remote)).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
    const there = await listen(remote.url, remote.login, 'site1/#');
    const pub = await mqtt.connectAsync(local.url, { ...local.credentials, reconnectPeriod: 0 });
    await pub.publishAsync('plant/after', 'back', { qos: 1 });
    await until(() => there.got.includes('site1/plant/after=back'), 'forwarding after the reconnect');
    await pub.endAsync();
    await there.client.endAsync();
  });
});

describe('fieldbench broker --bridge', () => {
  it('runs the bridge from a settings file and prints its state', async () => {
    writeFileSync(path.join(tmp.dir, 'remote.pw'), `${remote.login.password}\n`);
    const cfg = path.join(tmp.dir, 'bridge.json');
    writeFileSync(cfg, JSON.stringify({ remote: { url: remote.url, username: remote.login.username, passwordFile: 'remote.pw' }, rules: [{ local: 'x/', remote: 'cli/x/' }] }));
    const cli = await startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'broker', '--port', '0', '--bridge', cfg], /bridge: local connected, upstream connected()/);
    try {
      const port = Number(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(cli.output())![1]);
      const username = /user (\S+)/.exec(cli.output())![1]!;
      const password = /password (\S+)/.exec(cli.output())![1]!;
      const there = await listen(remote.url, remote.login, 'cli/#');
      const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username, password, reconnectPeriod: 0 });
      await pub.publishAsync('x/y', 'via cli', { qos: 1 });
      await until(() => there.got.includes('cli/x/y=via cli'), 'the bridged message');
      await pub.endAsync();
      await there.client.endAsync();
    } finally {
      await cli.stop();
    }
  });
});
