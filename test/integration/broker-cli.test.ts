import { readFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { runCli, startPeer, type Peer, ROOT } from '../helpers/processes';

let broker: Peer;
let dir: { dir: string; cleanup: () => void };
let passwordFile: string;
let user: string;

function cliPeer(args: string[], ready: RegExp): Promise<Peer> {
  return startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args], ready);
}

async function waitOutput(peer: Peer, re: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 200; i++) {
    const m = re.exec(peer.output());
    if (m) return m;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${String(re)} in:\n${peer.output()}`);
}

/** Connect once and say how the broker answered: "ok" or the CONNACK refusal. */
function tryConnect(opts: mqtt.IClientOptions): Promise<string> {
  return new Promise((resolve) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, { ...opts, reconnectPeriod: 0, connectTimeout: 5000 });
    c.once('connect', () => {
      c.end(true);
      resolve('ok');
    });
    c.once('error', (e) => {
      c.end(true);
      resolve(e.message);
    });
  });
}

beforeAll(async () => {
  dir = tempDir('fieldbench-broker-');
  passwordFile = path.join(dir.dir, 'pw');
  broker = await cliPeer(['broker', '--port', '0', '--password-out', passwordFile], /listening on mqtt:\/\/127\.0\.0\.1:(\d+)/);
  await waitOutput(broker, /password \S+/);
  user = /user (\S+)/.exec(broker.output())![1]!;
});
afterAll(async () => {
  await broker?.stop();
  dir?.cleanup();
});

describe('fieldbench broker', () => {
  it('prints generated credentials and refuses every other login', async () => {
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(broker.output()).toContain(`password ${password}`);
    expect(user).toMatch(/^fb-[0-9a-f]{8}$/);
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(await tryConnect({ username: user, password })).toBe('ok');
    expect(await tryConnect({})).toMatch(/Bad username or password/i);
    expect(await tryConnect({ username: user, password: `${password}x` })).toMatch(/Bad username or password/i);
    expect(await tryConnect({ username: 'admin', password: 'admin' })).toMatch(/Bad username or password/i);
  });

  it('a second broker gets other credentials', async () => {
    const other = await cliPeer(['broker', '--port', '0'], /listening on mqtt:\/\/127\.0\.0\.1:(\d+)/);
    await waitOutput(other, /password \S+/);
    await other.stop();
    expect(/password (\S+)/.exec(other.output())![1]).not.toBe(readFileSync(passwordFile, 'utf8').trim());
  });

  it('--tls: a listener with a certificate made for the broker, which clients check it against', async () => {
    const home = process.env['FIELDBENCH_HOME'];
    process.env['FIELDBENCH_HOME'] = path.join(dir.dir, 'home');
    const pw = path.join(dir.dir, 'tls-pw');
    let tls: Peer;
    try {
      tls = await cliPeer(['broker', '--port', '0', '--tls', '--tls-port', '0', '--password-out', pw], /TLS listener on mqtts:\/\/127\.0\.0\.1:(\d+)/);
    } finally {
      if (home === undefined) delete process.env['FIELDBENCH_HOME'];
      else process.env['FIELDBENCH_HOME'] = home;
    }
    try {
      const certFile = /certificate (\S+)/.exec(tls.output())![1]!;
      expect(certFile.startsWith(path.join(dir.dir, 'home'))).toBe(true);
      await waitOutput(tls, /password \S+/);
      const tlsUser = /user (\S+)/.exec(tls.output())![1]!;
      const password = readFileSync(pw, 'utf8').trim();
      const url = `mqtts://127.0.0.1:${tls.port}`;
      // Without the certificate as CA the client refuses the broker; with it, the login goes through.
      const refused = await new Promise<string>((resolve) => {
        const c = mqtt.connect(url, { username: tlsUser, password, reconnectPeriod: 0 });
        c.once('connect', () => resolve('connected'));
        c.once('error', (e) => resolve(e.message));
      });
      expect(refused).toMatch(/self[- ]signed/i);
      const sub = await cliPeer(['sub', url, 't/#', '--user', tlsUser, '--password-file', pw, '--ca', certFile, '--count', '1'], /subscribed to t\/#()/);
      const pub = await mqtt.connectAsync(url, { username: tlsUser, password, ca: readFileSync(certFile, 'utf8') });
      await pub.publishAsync('t/x', 'over tls', { qos: 1 });
      await pub.endAsync();
      await new Promise<void>((resolve) => (sub.child.exitCode !== null ? resolve() : sub.child.once('exit', () => resolve())));
      expect(sub.output()).toContain('"text":"over tls"');
    } finally {
      await tls.stop();
    }
  });

  it('--ws: MQTT over WebSocket on loopback with the same login; --ws-host off loopback needs --allow-network', async () => {
    const ws = await cliPeer(['broker', '--port', '0', '--ws', '--ws-port', '0'], /WebSocket listener on (ws:\/\/127\.0\.0\.1:\d+\/mqtt)/);
    try {
      const url = /WebSocket listener on (\S+)/.exec(ws.output())![1]!;
      await waitOutput(ws, /password \S+/);
      const login = { username: /user (\S+)/.exec(ws.output())![1]!, password: /password (\S+)/.exec(ws.output())![1]! };
      const c = await mqtt.connectAsync(url, { ...login, reconnectPeriod: 0 });
      await c.endAsync();
    } finally {
      await ws.stop();
    }
    const r = await runCli(['broker', '--port', '0', '--ws', '--ws-port', '0', '--ws-host', '0.0.0.0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loopback only.*0\.0\.0\.0/);
  });

  it('will not listen beyond loopback unless told', async () => {
    const r = await runCli(['broker', '--port', '0', '--host', '0.0.0.0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loopback only.*0\.0\.0\.0/);
  });

  it('sub prints Sparkplug payloads decoded from their bytes, and plain text as text', async () => {
    const sub = await cliPeer(['sub', `mqtt://127.0.0.1:${broker.port}`, '#', '--user', user, '--password-file', passwordFile, '--count', '2'], /subscribed to #()/);
    // Hand-made Sparkplug bytes: timestamp 1000, metric "a" Int64 = -1 (ten-byte varint), seq 5.
    const bytes = Buffer.from('08e807' + '1210' + '0a0161' + '2004' + '58ffffffffffffffffff01' + '1805', 'hex');
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: user, password: readFileSync(passwordFile, 'utf8').trim() });
    await pub.publishAsync('spBv1.0/G/NDATA/n1', bytes, { qos: 1 });
    await pub.publishAsync('plain/topic', 'hello', { qos: 1 });
    await pub.endAsync();
    await new Promise<void>((resolve) => (sub.child.exitCode !== null ? resolve() : sub.child.once('exit', () => resolve())));
    const lines = sub.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ topic: 'spBv1.0/G/NDATA/n1', qos: 1, retain: false, sparkplug: { timestamp: 1000, seq: 5, metrics: [{ name: 'a', datatype: 4, value: '-1' }] } });
    expect(lines[1]).toEqual({ topic: 'plain/topic', qos: 1, retain: false, text: 'hello' });
  });
});
