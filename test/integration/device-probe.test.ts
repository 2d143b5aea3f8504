import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import type { Engine } from '../../src/engine/engine';
import type { DeviceProbe, RequestOutput } from '../../src/shared/contract';

type DeviceStats = RequestOutput<'devices.stats'>[number];
import type { Device } from '../../src/shared/project/schema';
import { makeEngine, tempDir } from '../helpers/engine';
import { freePort, startDemoOpcUa } from '../helpers/opcua-peer';
import { OpcUaSession } from '../../src/engine/opcua/session';
import { startPymodbusTcp, type Peer } from '../helpers/processes';

// Issue 13 item 12: a device is tested once when it is added (devices.probe, one read through its driver) and the
// outcome says reachable / refused / timeout with the reason; devices.stats keeps it, with the link state, for a page
// that opens later, and gives EtherNet/IP devices their state instead of nothing.
let engine: Engine;
let dispose: () => Promise<void>;
let slave: Peer;
let cip: CipSim;
let silent: net.Server;
let opcua: Awaited<ReturnType<typeof startDemoOpcUa>>;
const opcuaHome = tempDir('fieldbench-probe-opcua-');
const held: net.Socket[] = [];

beforeAll(async () => {
  ({ engine, dispose } = await makeEngine());
  slave = await startPymodbusTcp(1);
  cip = await startCipSim({ port: 0, tickMs: 50 });
  opcua = await startDemoOpcUa(opcuaHome.dir);
  // Accepts the connection and never answers: a device that is there but silent (wrong unit behind a dumb bridge).
  silent = net.createServer((s) => held.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
}, 60_000);

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => silent?.close(() => r()));
  await slave?.stop();
  await cip?.close();
  await dispose?.();
  await OpcUaSession.closeAll();
  await opcua?.stop();
  opcuaHome.cleanup();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

const addTcp = async (name: string, port: number, timeoutMs = 500) => (await call<{ device: Device }>('devices.addTcp', { name, host: '127.0.0.1', port, unitId: 1, timeoutMs })).device;
const statsOf = async (id: string) => (await call<DeviceStats[]>('devices.stats', {})).find((s) => s.deviceId === id);

describe('devices.probe and what devices.stats keeps', { timeout: 60_000 }, () => {
  it('a Modbus device that answers is reachable, and says what it read', async () => {
    const d = await addTcp('Answers', slave.port);
    const p = await call<DeviceProbe>('devices.probe', { deviceId: d.id });
    expect(p).toMatchObject({ deviceId: d.id, outcome: 'reachable' });
    expect(p.detail).toMatch(/^answers: holding register 40001 = \d+$/);
    const s = await statsOf(d.id);
    expect(s).toMatchObject({ protocol: 'modbus', requests: 1, responses: 1, probe: p, link: { state: 'connected' } });
  });

  it('a refused device is refused with the reason, and Identify names the reason without a retry countdown', async () => {
    const closed = await freePort();
    const d = await addTcp('Refused', closed);
    const p = await call<DeviceProbe>('devices.probe', { deviceId: d.id });
    expect(p.outcome).toBe('refused');
    expect(p.detail).toBe(`connection refused by 127.0.0.1:${closed} (nothing listening on that port?)`);
    // Straight after the failed connect the master is in its back-off: the answer is still the reason.
    const env = await engine.dispatch('devices.identify', { deviceId: d.id });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.message).toContain(`connection refused by 127.0.0.1:${closed}`);
      expect(env.error.message).not.toMatch(/retrying in/);
    }
    const again = await call<DeviceProbe>('devices.probe', { deviceId: d.id });
    expect(again.outcome).toBe('refused');
    expect(again.detail).not.toMatch(/retrying in/);
    const s = await statsOf(d.id);
    expect(s).toMatchObject({ requests: 0, responses: 0, probe: { outcome: 'refused' }, link: { state: 'error' } });
  });

  it('a device that takes the connection and never answers is a timeout', async () => {
    const d = await addTcp('Silent', (silent.address() as net.AddressInfo).port, 300);
    const p = await call<DeviceProbe>('devices.probe', { deviceId: d.id });
    expect(p).toMatchObject({ outcome: 'timeout', detail: 'no answer to a read of holding register 40001' });
  });

  it('an EtherNet/IP device has stats of its own protocol with its link and probe, not nothing', async () => {
    const { device } = await call<{ device: Device }>('devices.addCip', { name: 'Logix', host: '127.0.0.1', port: cip.port, routePath: '1,0' });
    const p = await call<DeviceProbe>('devices.probe', { deviceId: device.id });
    expect(p.outcome).toBe('reachable');
    expect(p.detail).toMatch(/^identified: /);
    const s = await statsOf(device.id);
    expect(s).toMatchObject({ protocol: 'cip', probe: { outcome: 'reachable' }, link: { state: 'connected' } });
  });

  it('an OPC UA server is reachable by a read of its state through the driver, and its stats say so', async () => {
    const { device } = await call<{ device: Device }>('devices.addOpcUa', { name: 'Demo UA', endpointUrl: opcua.url, identity: { kind: 'username', userName: opcua.user, password: opcua.password } });
    const p = await call<DeviceProbe>('devices.probe', { deviceId: device.id });
    expect(p.outcome).toBe('reachable');
    expect(p.detail).toMatch(/^answers: the server state \(i=2259\) = /);
    const s = await statsOf(device.id);
    expect(s).toMatchObject({ protocol: 'opcua', probe: { outcome: 'reachable' }, link: { state: 'connected' } });
  });
});
