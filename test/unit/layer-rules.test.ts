import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/processes';

/** The layer rules of DESIGN.md, enforced by the project's ESLint config as one allow-list per layer: check they really fire. */
const eslint = new ESLint({ cwd: ROOT });

async function violations(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  const fatal = (res?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length) throw new Error(`snippet does not parse: ${fatal[0]!.message}`);
  return (res?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

/** Lints one import of `spec` from `file`, the way each layer writes it. */
const importing = (file: string, spec: string) => violations(file, `import * as m from '${spec}';\nexport { m };`);

describe('layer rules', () => {
  it('keep shared to itself, zod and fflate', async () => {
    expect(await importing('src/shared/codec/x.ts', '../project/schema')).toEqual([]);
    expect(await importing('src/shared/x.ts', 'zod')).toEqual([]);
    expect(await importing('src/shared/import/x.ts', 'fflate')).toEqual([]);
    for (const spec of ['node:fs', 'fs', 'path', 'fs/promises', 'react', 'zustand', 'ws', 'serialport', 'electron', 'left-pad', '../engine/engine', '../renderer/src/api', '../../package.json']) {
      expect(await importing('src/shared/x.ts', spec), spec).toHaveLength(1);
    }
    expect((await importing('src/shared/x.ts', 'node:net'))[0]).toContain('Node built-in');
  });

  it('keep the renderer to shared, its own files, react, react-dom, zustand and uplot', async () => {
    for (const spec of ['../../shared/contract', './lib/format', 'react', 'react-dom/client', 'zustand', 'uplot', 'uplot/dist/uPlot.min.css']) {
      expect(await importing('src/renderer/src/x.ts', spec), spec).toEqual([]);
    }
    for (const spec of ['../../engine/engine', '../../main/index', '../../bridge/server', '../../cli/index', '../../preload/index', 'serialport', 'ws', 'node:fs', 'fs', 'electron', 'zod']) {
      expect(await importing('src/renderer/src/x.ts', spec), spec).toHaveLength(1);
    }
    expect((await importing('src/renderer/src/x.ts', '../../engine/engine'))[0]).toContain('src/renderer may not import src/engine');
  });

  it('see every form an import takes: type imports, re-exports, import(), import types, require', async () => {
    const file = 'src/renderer/src/x.ts';
    expect(await violations(file, "import type { Engine } from '../../engine/engine';\nexport type E = Engine;")).toHaveLength(1);
    expect(await violations(file, "export { Engine } from '../../engine/engine';")).toHaveLength(1);
    expect(await violations(file, "export * from '../../engine/engine';")).toHaveLength(1);
    expect(await violations(file, "export const load = () => import('../../engine/engine');")).toHaveLength(1);
    expect(await violations(file, 'export const load = () => import(`../../engine/engine`);')).toHaveLength(1);
    expect(await violations(file, "export type E = import('../../engine/engine').Engine;")).toHaveLength(1);
    expect(await violations(file, "declare const require: (s: string) => unknown;\nexport const sp = require('serialport');")).toHaveLength(1);
    // A computed path could be anything: it is refused rather than trusted.
    expect((await violations(file, 'export const load = (p: string) => import(p);'))[0]).toContain('computed path');
    expect(await violations(file, "export const load = () => import('./screens/TrafficScreen');")).toEqual([]);
  });

  it('keep the engine to shared, Node and its protocol packages', async () => {
    // ws is allowed: the embedded broker's optional WebSocket listener (src/engine/broker) serves MQTT over it.
    for (const spec of ['../shared/errors', './core', 'node:net', 'fs', 'zod', 'serialport', 'node-opcua', 'mqtt', 'aedes', 'ws', 'st-ethernet-ip', 'sparkplug-payload']) {
      expect(await importing('src/engine/x.ts', spec), spec).toEqual([]);
    }
    for (const spec of ['electron', 'react', 'zustand', '../bridge/server', '../cli/index', '../main/index', '../renderer/src/api', '../preload/index']) {
      expect(await importing('src/engine/x.ts', spec), spec).toHaveLength(1);
    }
    // Relative paths resolve from the importing file: from src/engine/modbus/rtu this is src/main.
    expect(await importing('src/engine/modbus/rtu/x.ts', '../../../main/index')).toHaveLength(1);
    expect(await importing('src/engine/modbus/rtu/x.ts', '../../../shared/modbus/tables')).toEqual([]);
  });

  it('keep the bridge to the engine, shared, ws and Node', async () => {
    for (const spec of ['../engine/core', '../shared/wire', 'ws', 'node:http']) expect(await importing('src/bridge/x.ts', spec), spec).toEqual([]);
    for (const spec of ['../cli/index', '../main/index', '../renderer/src/api', 'electron', 'serialport', 'react']) {
      expect(await importing('src/bridge/x.ts', spec), spec).toHaveLength(1);
    }
  });

  it('keep the CLI to the engine, the bridge, shared and Node', async () => {
    for (const spec of ['../../engine/engine', '../../bridge/server', '../../shared/errors', '../args', 'node:util']) {
      expect(await importing('src/cli/commands/x.ts', spec), spec).toEqual([]);
    }
    for (const spec of ['../../main/index', '../../renderer/src/api', 'electron', 'ws', 'serialport', 'react']) {
      expect(await importing('src/cli/commands/x.ts', spec), spec).toHaveLength(1);
    }
  });

  it('keep main to the engine, shared, electron and Node', async () => {
    for (const spec of ['../engine/engine', '../shared/csp', './dialogs', 'electron', 'node:path']) expect(await importing('src/main/x.ts', spec), spec).toEqual([]);
    for (const spec of ['../bridge/server', '../cli/index', '../renderer/src/api', 'react', 'ws', 'serialport']) {
      expect(await importing('src/main/x.ts', spec), spec).toHaveLength(1);
    }
  });

  it('keep the preload to shared and electron', async () => {
    for (const spec of ['../shared/api', 'electron']) expect(await importing('src/preload/x.ts', spec), spec).toEqual([]);
    for (const spec of ['../engine/engine', '../main/index', '../renderer/src/api', 'node:path', 'fs', 'ws']) {
      expect(await importing('src/preload/x.ts', spec), spec).toHaveLength(1);
    }
  });

  it('refuse a folder of src that has no allow-list', async () => {
    expect((await importing('src/no-such-layer/x.ts', 'zod'))[0]).toContain('src/no-such-layer is not a layer');
  });

  it('leave tests alone', async () => {
    expect(await importing('test/unit/x.test.ts', '../../src/engine/engine')).toEqual([]);
  });
});
