import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { eventMethodName, requestMethodName } from '../../src/shared/api';
import { EVENT_NAMES, REQUEST_NAMES } from '../../src/shared/contract';

/**
 * Runs the BUILT preload (out/preload/index.cjs) as CommonJS with a recording stand-in for the 'electron' module,
 * the only module a sandboxed preload may require: what it exposes, on which channels, and what the page receives.
 */
type Listener = (event: unknown, payload: unknown) => void;

function runPreload() {
  const file = path.resolve(__dirname, '..', '..', 'out', 'preload', 'index.cjs');
  if (!existsSync(file)) throw new Error('out/preload/index.cjs is missing: run `npm run build` first');
  const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const sent: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return channel === 'fb:req:app.info' ? { ok: true, value: { host: 'electron' } } : { ok: false, error: { code: 'cancelled', message: 'no file chosen' } };
      },
      on: (channel: string, l: Listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
      removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
      listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
      send: (...args: unknown[]) => sent.push(args),
    },
  };
  const required: string[] = [];
  const fakeRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`preload required "${name}"`);
    return electron;
  };
  const wrapper = vm.runInThisContext(Module.wrap(readFileSync(file, 'utf8')), { filename: file }) as (...args: unknown[]) => void;
  const mod = { exports: {} };
  wrapper(mod.exports, fakeRequire, mod, file, path.dirname(file));
  return { exposed, invoked, listeners, required, sent };
}

describe('preload bundle (built)', () => {
  it('exposes window.fieldbench with exactly the contract, and nothing else', () => {
    const { exposed, required } = runPreload();
    expect([...exposed.keys()]).toEqual(['fieldbench']);
    const api = exposed.get('fieldbench')!;
    expect(Object.keys(api).sort()).toEqual([...REQUEST_NAMES.map(requestMethodName), ...EVENT_NAMES.map(eventMethodName)].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('sends each request on its own channel and rejects with the error code as plain data', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed.get('fieldbench')!;
    await expect(api['appInfo']!({})).resolves.toEqual({ host: 'electron' });
    await expect(api['projectOpen']!({ source: { kind: 'dialog' } })).rejects.toEqual({ name: 'FieldbenchError', code: 'cancelled', message: 'no file chosen' });
    expect(invoked).toEqual([
      ['fb:req:app.info', {}],
      ['fb:req:project.open', { source: { kind: 'dialog' } }],
    ]);
  });

  it('passes event payloads without the IPC event, and removes the listener on unsubscribe', () => {
    const { exposed, listeners } = runPreload();
    const got: unknown[][] = [];
    const off = exposed.get('fieldbench')!['onWatchUpdate']!((...args: unknown[]) => got.push(args)) as () => void;
    const channel = listeners.get('fb:evt:watch.update')!;
    expect(channel.size).toBe(1);
    for (const l of channel) l({ sender: 'ipc internals' }, { seq: 1 });
    expect(got).toEqual([[{ seq: 1 }]]);
    off();
    expect(channel.size).toBe(0);
  });

  it('asks main for a stream when its first listener comes and stops it when the last one goes', () => {
    const { exposed, sent } = runPreload();
    const api = exposed.get('fieldbench')!;
    const a = api['onTagsValues']!(() => undefined) as () => void;
    const b = api['onTagsValues']!(() => undefined) as () => void;
    expect(sent).toEqual([['fb:sub', 'tags.values', true]]);
    a();
    expect(sent).toHaveLength(1);
    b();
    expect(sent).toEqual([
      ['fb:sub', 'tags.values', true],
      ['fb:sub', 'tags.values', false],
    ]);
  });
});
