import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preflight } from '../../src/gateway/bundle/preflight';
import { GatewayConfig } from '../../src/shared/gateway/config';
import { PROJECT_FORMAT, PROJECT_VERSION, Project } from '../../src/shared/project/schema';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag } from '../helpers/gateway-runtime-config';
import { freePort } from '../helpers/mqtt-peers';

const tmp = tempDir('fieldbench-preflight-');
afterAll(() => tmp.cleanup());

describe('export pre-flight', () => {
  it('names an unreachable source, a failed checkout, anonymous OPC UA, open listeners and a certificate about to expire', async () => {
    const closed = await freePort();
    const doc = gatewayDoc(closed, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16'), holdingTag('flow', 9, 'float32')] }], {
      broker: { kind: 'url', url: 'mqtts://127.0.0.1:8883' },
    });
    // openssl, not our code, makes a CA certificate valid for one day.
    const ca = path.join(tmp.dir, 'ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(tmp.dir, 'ca.key'), '-out', ca, '-days', '1', '-subj', '/CN=test CA'], { stdio: 'ignore' });
    (doc['northbound'] as Record<string, unknown>)['tls'] = { ca: 'ca.pem' };
    doc['opcuaServer'] = { port: 4840, allowAnonymous: true };
    doc['health'] = { port: 8787, host: '0.0.0.0', allowNetwork: true };
    const config = GatewayConfig.parse(doc);
    const now = new Date().toISOString();
    const project = Project.parse({
      format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'p', createdAt: now, modifiedAt: now,
      connections: config.connections, devices: config.devices, tagMaps: config.tagMaps,
      checkout: { 'map0/level': { status: 'verified', at: 1, value: 1500, quality: { status: 'good' } }, 'map0/flow': { status: 'failed', at: 1, value: null, quality: { status: 'bad' } } },
    });
    const items = await preflight(config, project, (f) => path.join(tmp.dir, f), { timeoutMs: 1000 });
    const by = (check: string) => items.find((i) => i.check === check);
    expect(by('tags')).toMatchObject({ status: 'fail' });
    expect(by('tags')!.detail).toContain('map0/flow');
    expect(by('source plc 0')).toMatchObject({ status: 'warn' });
    expect(by('source plc 0')!.detail).toContain(`127.0.0.1:${closed} not reachable`);
    expect(by('northbound TLS')).toMatchObject({ status: 'pass' });
    expect(items.filter((i) => i.check === 'anonymous access').map((i) => i.status)).toEqual(['fail', 'warn']);
    expect(by('listening')).toMatchObject({ status: 'warn' });
    expect(by('certificate ca.pem')).toMatchObject({ status: 'warn' });
    expect(by('certificate ca.pem')!.detail).toMatch(/valid for [01] more days/);
  });
});
