import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { startWeb, type WebRun } from '../../src/cli/commands/web';
import { tempDir } from '../helpers/engine';

// `npm start` / `fieldbench web` with no hardware: beside the Modbus demo plant the OPC UA demo server and the Logix
// controller simulator run, and app.info says where, so the OPC UA and EtherNet/IP screens open on something real.
const home = tempDir('fieldbench-web-demos-');
let run: WebRun | null = null;
afterAll(async () => {
  await run?.close();
  home.cleanup();
});

function ask(wsUrl: string, name: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.on('error', reject);
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { t: string; env?: { ok: boolean; value?: unknown } };
      if (f.t === 'hello') ws.send(JSON.stringify({ t: 'req', id: 1, name, input }));
      if (f.t === 'res') {
        ws.close();
        resolve(f.env!);
      }
    });
  });
}

describe('web mode with its demo peers', () => {
  it('runs the OPC UA demo server and the controller simulator, and app.info points the screens at them', async () => {
    const lines: string[] = [];
    run = await startWeb(['--home', home.dir, '--port', '0', '--sim-port', '0'], (l) => lines.push(l));
    const wsUrl = run.url.replace('http://', 'ws://').replace('/#token=', '/fieldbench?token=');
    const info = (await ask(wsUrl, 'app.info', {})).value as { demos: { opcuaUrl: string; cip: { host: string; port: number } } };
    expect(info.demos.opcuaUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(info.demos.cip).toMatchObject({ host: '127.0.0.1' });
    expect(lines.join('\n')).toContain(`OPC UA demo server on ${info.demos.opcuaUrl}`);
    const endpoints = await ask(wsUrl, 'opcua.discover', { url: info.demos.opcuaUrl });
    expect(endpoints.ok).toBe(true);
    const identity = await ask(wsUrl, 'cip.identify', { host: '127.0.0.1', port: info.demos.cip.port });
    expect(identity).toMatchObject({ ok: true, value: expect.objectContaining({ productName: expect.any(String) }) });
  }, 60_000);
});
