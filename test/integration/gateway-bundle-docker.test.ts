import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeYaml } from '../../src/gateway/bundle/docker';
import { GatewayConfig } from '../../src/shared/gateway/config';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag } from '../helpers/gateway-runtime-config';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { freePort, mosquittoBroker, type TestBroker } from '../helpers/mqtt-peers';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { runCli, startPeer, startPymodbusTcp, type Peer } from '../helpers/processes';

/** js-yaml 4, a YAML 1.2 parser (in node_modules through eslint; no type declarations, so typed here). */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** A Dockerfile as instructions: comments and blank lines dropped, backslash continuations joined. */
function parseDockerfile(text: string): { op: string; args: string }[] {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return joined.map((l) => {
    const m = /^(\S+)\s+(.*)$/.exec(l);
    if (!m) throw new Error(`not an instruction: ${l}`);
    return { op: m[1]!, args: m[2]! };
  });
}

describe('fieldbench export --target docker: Dockerfile, compose.yaml and .dockerignore', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let broker: TestBroker;
  let gw: Peer | null = null;
  const out = () => path.join(tmp.dir, 'docker-bundle');

  beforeAll(async () => {
    buildGatewayRuntime();
    tmp = tempDir('fieldbench-gwdocker-');
    plc = await startPymodbusTcp(1);
    broker = await mosquittoBroker(tmp.dir);
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    await broker?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  it('writes a Dockerfile a line parser accepts: known instructions, COPY sources in the bundle and no secret, a non-root USER', async () => {
    const project = path.join(tmp.dir, 'plant.fieldbench.json');
    writeFileSync(project, JSON.stringify(modbusProject(plc.port, [{ name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16')] }])));
    const pw = path.join(tmp.dir, 'pw');
    writeFileSync(pw, `${broker.login.password}\n`);
    const healthPort = await freePort();
    const r = await runCli(['export', '--project', project, '--target', 'docker', '--out', out(), '--broker', broker.url, '--user', broker.login.username, '--password-file', pw,
      '--node', 'edge-docker', '--health-port', String(healthPort)], 120_000);
    expect(r.code, r.stderr).toBe(0);
    const dir = out();
    expect(existsSync(path.join(dir, 'runtime/node/bin/node'))).toBe(true);
    expect(existsSync(path.join(dir, 'prebuilds/linux-x64'))).toBe(true);
    expect(existsSync(path.join(dir, 'fieldbench-gateway.service'))).toBe(false);
    const ignored = readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n').filter(Boolean);
    expect(ignored).toEqual(expect.arrayContaining(['secrets', 'store']));

    const ins = parseDockerfile(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
    for (const i of ins) expect(KNOWN.has(i.op), i.op).toBe(true);
    expect(ins[0]).toEqual({ op: 'FROM', args: 'debian:12-slim' });
    const workdir = ins.find((i) => i.op === 'WORKDIR')!.args;
    /** Where a path in the image comes from in the bundle, through the COPY instructions. */
    const copied = new Map<string, string>();
    for (const c of ins.filter((i) => i.op === 'COPY')) {
      const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const dest = parts.pop()!;
      for (const src of parts) {
        expect(existsSync(path.join(dir, src)), `COPY ${src}`).toBe(true);
        expect(ignored.some((x) => src.replace(/\/$/, '') === x || src.startsWith(`${x}/`)), `COPY ${src} is dockerignored`).toBe(false);
        expect(src.startsWith('secrets')).toBe(false);
        copied.set(dest.endsWith('/') && src.endsWith('/') ? dest : path.posix.join(dest, src), src);
      }
    }
    const inBundle = (p: string) => {
      for (const [dest, src] of copied) if (p === dest || p.startsWith(dest.endsWith('/') ? dest : `${dest}/`)) return path.join(dir, src, path.posix.relative(dest, p));
      return null;
    };
    const users = ins.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    const entry = JSON.parse(ins.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    expect(inBundle(path.posix.resolve(workdir, entry[0]!))).toBe(path.join(dir, 'run'));
    const hc = /^(?:--\S+\s+)*CMD\s+(\[.*\])$/.exec(ins.find((i) => i.op === 'HEALTHCHECK')!.args);
    expect(hc).not.toBeNull();
    const probe = JSON.parse(hc![1]!) as string[];
    expect(inBundle(probe[0]!)).toBe(path.join(dir, 'runtime/node/bin/node'));
    expect(probe.join(' ')).toContain(`http://127.0.0.1:${healthPort}/health`);

    // The health check itself, run with the bundle's node (what the container runs): 0 while the gateway is up and its
    // source answers, 1 once it is gone.
    const local = probe.map((a, i) => (i === 0 ? inBundle(a)! : a));
    gw = await startPeer(path.join(dir, 'run'), [], /"event":"gateway\.started"/, 60_000);
    let up = spawnSync(local[0]!, local.slice(1), { encoding: 'utf8' });
    for (let i = 0; i < 20 && up.status !== 0; i++) {
      await new Promise((res) => setTimeout(res, 500));
      up = spawnSync(local[0]!, local.slice(1), { encoding: 'utf8' });
    }
    expect(up.status).toBe(0);
    await gw.stop();
    gw = null;
    expect(spawnSync(local[0]!, local.slice(1), { encoding: 'utf8' }).status).toBe(1);
  }, 180_000);

  it('writes a compose.yaml a YAML parser reads: store volume, secrets read-only, restart policy, no published port', () => {
    const doc = yaml.load(readFileSync(path.join(out(), 'compose.yaml'), 'utf8')) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
    const svc = doc.services['gateway']!;
    expect(svc['build']).toBe('.');
    expect(svc['restart']).toBe('unless-stopped');
    expect(svc['volumes']).toEqual(expect.arrayContaining(['store:/app/store', './secrets:/app/secrets:ro']));
    expect(Object.keys(doc.volumes)).toContain('store');
    expect(svc['ports']).toBeUndefined();
    expect(String(svc['user']).split(':')[0]).not.toMatch(/^(0|root)$/);
    expect(svc['read_only']).toBe(true);
  });

  it('publishes a port only for a listener the config opens to the network', () => {
    const doc = gatewayDoc(502, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16')] }]);
    doc['opcuaServer'] = { port: 4841, host: '0.0.0.0', allowNetwork: true, allowAnonymous: false, user: { username: 'u', passwordFile: 'secrets/ua' } };
    const parsed = yaml.load(composeYaml({ config: GatewayConfig.parse(doc), project: 'p' })) as { services: { gateway: { ports?: string[] } } };
    expect(parsed.services.gateway.ports).toEqual(['4841:4841']);
  });
});
