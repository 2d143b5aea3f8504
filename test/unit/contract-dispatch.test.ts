import { afterEach, describe, expect, it } from 'vitest';
import { createClient, eventMethodName, requestMethodName } from '../../src/shared/api';
import { EVENT_NAMES, REQUEST_NAMES } from '../../src/shared/contract';
import { FieldbenchError } from '../../src/shared/errors';
import { makeEngine } from '../helpers/engine';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

describe('contract dispatch', () => {
  it('answers an unknown request with a typed error, not a crash', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    const env = await h.engine.dispatch('devices.format', {});
    expect(env).toEqual({ ok: false, error: { code: 'unknown_request', message: 'unknown request "devices.format"' } });
    const proto = await h.engine.dispatch('__proto__', {});
    expect(proto.ok).toBe(false);
    expect(!proto.ok && proto.error.code).toBe('unknown_request');
  });

  it('rejects invalid input naming the field at fault', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    const env = await h.engine.dispatch('devices.addTcp', { name: 'Pump', host: '127.0.0.1', port: 70000, unitId: 1 });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('invalid_input');
    expect(env.error.issues?.map((i) => i.path)).toEqual(['port']);
    expect(env.error.message).toContain('port');

    const read = await h.engine.dispatch('modbus.read', { deviceId: 'x', table: 'holding', address: 0, count: 126 });
    expect(!read.ok && read.error.issues?.[0]).toMatchObject({ path: 'count', message: 'at most 125 registers per read' });

    const notObject = await h.engine.dispatch('devices.addTcp', 'rm -rf /');
    expect(!notObject.ok && notObject.error.code).toBe('invalid_input');
  });

  it('applies schema defaults and runs the handler on valid input', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    const env = await h.engine.dispatch('devices.addTcp', { name: 'Pump skid', host: '127.0.0.1' });
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const v = env.value as { device: { unitId: number }; connection: { port: number; timeoutMs: number } };
    expect(v.device.unitId).toBe(1);
    expect(v.connection.port).toBe(502);
    expect(v.connection.timeoutMs).toBe(1000);
  });

  it('turns handler failures into typed errors', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    const env = await h.engine.dispatch('modbus.read', { deviceId: 'dev-missing', table: 'holding', address: 0, count: 1 });
    expect(env).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const save = await h.engine.dispatch('project.save', {});
    expect(save).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const dialog = await h.engine.dispatch('project.open', { source: { kind: 'dialog' } });
    expect(dialog).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('refuses workspace names that would leave the workspace folder', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    for (const name of ['../evil', '..\\evil', '/etc/passwd', '.hidden', 'a/b']) {
      const env = await h.engine.dispatch('project.saveAs', { target: { kind: 'workspace', name } });
      expect(env, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('client generated from the contract', () => {
  it('has one method per request and one onX per event, and rejects with FieldbenchError', async () => {
    const h = await makeEngine();
    dispose = h.dispose;
    const api = createClient({ invoke: (n, i) => h.engine.dispatch(n, i), subscribe: (n, l) => h.engine.subscribe(n, l) });
    for (const n of REQUEST_NAMES) expect(typeof (api as unknown as Record<string, unknown>)[requestMethodName(n)], n).toBe('function');
    for (const n of EVENT_NAMES) expect(typeof (api as unknown as Record<string, unknown>)[eventMethodName(n)], n).toBe('function');
    expect(requestMethodName('devices.addTcp')).toBe('devicesAddTcp');
    expect(eventMethodName('watch.update')).toBe('onWatchUpdate');

    const err = await api.devicesAddTcp({ name: '', host: '127.0.0.1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FieldbenchError);
    expect((err as FieldbenchError).code).toBe('invalid_input');

    const seen: string[] = [];
    const off = api.onDevicesChanged((d) => seen.push(...d.devices.map((x) => x.name)));
    await api.devicesAddTcp({ name: 'Boiler', host: '127.0.0.1', port: 1502 });
    off();
    await api.devicesAddTcp({ name: 'Chiller', host: '127.0.0.1', port: 1502, unitId: 2 });
    expect(seen).toEqual(['Boiler']);
    const list = await api.devicesList({});
    expect(list.devices.map((d) => d.name)).toEqual(['Boiler', 'Chiller']);
    expect(list.connections).toHaveLength(1);
  });
});
