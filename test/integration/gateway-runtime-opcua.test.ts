import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AttributeIds, makeBrowsePath, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, UserTokenType, type ClientSession, type DataValue } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag, writeConfig } from '../helpers/gateway-runtime-config';
import { freePort } from '../helpers/mqtt-peers';
import { ROOT, startPeer, startPymodbusTcp, type Peer } from '../helpers/processes';

describe('the gateway OPC UA server, read by the node-opcua client', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let gw: Peer;
  let client: OPCUAClient;
  let session: ClientSession;
  let url: string;
  const password = `pw-${process.pid}`;

  beforeAll(async () => {
    tmp = tempDir('fieldbench-gwua-');
    plc = await startPymodbusTcp(1);
    const nobody = await freePort();
    const doc = gatewayDoc(plc.port, [
      { name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16', { units: 'mm' }), holdingTag('flow', 9, 'float32', { units: 'l/min', path: 'Site/Line1/Pump/flow' })] },
      { name: 'Ghost', unitId: 1, port: nobody, tags: [holdingTag('x', 0, 'uint16')] },
    ]);
    writeFileSync(path.join(tmp.dir, 'ua.pw'), `${password}\n`, { mode: 0o600 });
    const port = await freePort();
    doc['opcuaServer'] = { port, securityModes: ['None'], user: { username: 'scada', passwordFile: 'ua.pw' } };
    const file = writeConfig(tmp.dir, doc);
    gw = await startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'gateway', 'run', '--config', file], /"event":"opcua\.started","url":"opc\.tcp:\/\/127\.0\.0\.1:(\d+)"/, 60_000);
    url = `opc.tcp://127.0.0.1:${gw.port}`;
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'client-pki'), automaticallyAcceptUnknownCertificate: true });
    client = OPCUAClient.create({ applicationName: 'gateway test client', clientCertificateManager, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 2 } });
    await client.connect(url);
    session = await client.createSession({ type: UserTokenType.UserName, userName: 'scada', password });
  }, 90_000);
  afterAll(async () => {
    await session?.close().catch(() => undefined);
    await client?.disconnect().catch(() => undefined);
    await gw?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  const nodeAt = async (browsePath: string) => {
    const r = await session.translateBrowsePath(makeBrowsePath('ObjectsFolder', browsePath));
    expect(r.statusCode.name, browsePath).toBe('Good');
    return r.targets![0]!.targetId;
  };
  const readUntil = async (nodeId: Awaited<ReturnType<typeof nodeAt>>, done: (dv: DataValue) => boolean): Promise<DataValue> => {
    let dv = await session.read({ nodeId, attributeId: AttributeIds.Value });
    for (let i = 0; i < 100 && !done(dv); i++) {
      await new Promise((r) => setTimeout(r, 100));
      dv = await session.read({ nodeId, attributeId: AttributeIds.Value });
    }
    return dv;
  };

  it('every tag a variable at its tag path, with the PLC value, Good, a source timestamp and engineering units', async () => {
    const level = await readUntil(await nodeAt('/1:Pump/1:level'), (dv) => dv.statusCode.name === 'Good');
    expect(level.statusCode.name).toBe('Good');
    expect(level.value.value).toBe(1500);
    expect(level.sourceTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(level.sourceTimestamp!.getTime() - Date.now())).toBeLessThan(60_000);
    const flow = await readUntil(await nodeAt('/1:Site/1:Line1/1:Pump/1:flow'), (dv) => dv.statusCode.name === 'Good');
    expect(flow.value.value).toBe(25.5);
    const eu = await session.read({ nodeId: await nodeAt('/1:Site/1:Line1/1:Pump/1:flow/0:EngineeringUnits'), attributeId: AttributeIds.Value });
    expect((eu.value.value as { displayName: { text: string } }).displayName.text).toBe('l/min');
  });

  it('a failing source: Bad StatusCode and no value (Bad stays Bad)', async () => {
    const x = await readUntil(await nodeAt('/1:Ghost/1:x'), (dv) => dv.statusCode.name !== 'BadWaitingForInitialData');
    expect(x.statusCode.name).toMatch(/^Bad/);
    expect(x.statusCode.name).not.toBe('BadWaitingForInitialData');
    expect(x.value.value).toBeNull();
  });

  it('no anonymous login unless the config allows it', async () => {
    await expect(client.createSession()).rejects.toThrow();
  });

  it('SIGTERM with the OPC UA server running: a clean exit 0 (node-opcua\'s signal-exit does not re-raise it)', async () => {
    await session.close();
    const exited = new Promise<string>((r) => gw.child.once('exit', (code, signal) => r(`${code}/${signal}`)));
    gw.child.kill('SIGTERM');
    expect(await exited, gw.output().slice(-2000)).toBe('0/null');
    expect(gw.output()).toMatch(/"event":"gateway\.stopping"/);
  });
});
