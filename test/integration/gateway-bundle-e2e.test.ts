import { X509Certificate } from 'node:crypto';
import { cpSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ModbusRTU from 'modbus-serial';
import { AttributeIds, makeBrowsePath, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, UserTokenType, type ClientSession } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, Project } from '../../src/shared/project/schema';
import { startCipSimCli } from '../helpers/cip-peer';
import { tempDir } from '../helpers/engine';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { holding } from '../helpers/mqtt-edge';
import { freePort, mosquittoBroker, SparkplugRecorder, type Recorded, type TestBroker } from '../helpers/mqtt-peers';
import type { WireMetric } from '../helpers/mqtt-wire';
import { startDemoOpcUa } from '../helpers/opcua-peer';
import { ROOT, runCli, startPeer, SYSTEM_PYTHON, type Peer } from '../helpers/processes';
import { ptyPair, type PtyPair } from '../helpers/socat';
import { sessionProblems } from '../helpers/sparkplug-rules';

/**
 * Issue 12's end-to-end test: a project on the simulators (Modbus TCP and RTU over a pty with pymodbus, the OPC UA demo
 * server, the CIP simulator), exported, copied outside the repository and started with the bundle's own Node.js;
 * mosquitto, the tests' own Sparkplug decoder and the node-opcua client look at what it publishes and serves.
 */
describe('an exported gateway bundle on every simulator, seen through mosquitto and an OPC UA client', () => {
  let tmp: { dir: string; cleanup: () => void };
  let tcp: Peer;
  let pty: PtyPair;
  let rtu: Peer;
  let ua: Peer & { url: string };
  let cip: Peer;
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let gw: Peer | null = null;
  let edge = '';
  let healthPort = 0;
  let uaPort = 0;
  let client: OPCUAClient | null = null;
  let session: ClientSession | null = null;

  /**
   * Every tag, its device, and the value the simulator holds (fixture values, not computed by Fieldbench). On Sparkplug
   * Modbus integers are integer metrics (bigint here); OPC UA and CIP numbers, untyped in the project, are Double.
   */
  const expected = [
    { device: 'TcpPump', tag: 'level', sparkplug: 1500n, opcua: 1500 },
    { device: 'TcpPump', tag: 'flow', sparkplug: 25.5, opcua: 25.5 },
    { device: 'RtuPump', tag: 'level', sparkplug: 1500n, opcua: 1500 },
    { device: 'Mixer', tag: 'uint16', sparkplug: 54321, opcua: 54321 },
    { device: 'Logix', tag: 'analog7', sparkplug: 3.5, opcua: 3.5 },
  ];

  beforeAll(async () => {
    buildGatewayRuntime();
    tmp = tempDir('fieldbench-gwe2e-');
    tcp = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_slave.py'), '--port', '0', '--unit', '1'], /READY (\d+)/);
    pty = await ptyPair();
    rtu = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_slave.py'), '--rtu', pty.slave, '--unit', '1'], /READY (\d+)/);
    ua = await startDemoOpcUa(path.join(tmp.dir, 'ua-home'));
    cip = await startCipSimCli();
    broker = await mosquittoBroker(tmp.dir);
    rec = await SparkplugRecorder.start(broker);
  }, 180_000);
  afterAll(async () => {
    await session?.close().catch(() => undefined);
    await client?.disconnect().catch(() => undefined);
    await gw?.stop();
    await rec?.close();
    await broker?.stop();
    await cip?.stop();
    await ua?.stop();
    await rtu?.stop();
    await pty?.stop();
    await tcp?.stop();
    tmp?.cleanup();
  });

  it('exports the project, copies the bundle away and starts it on its own Node.js', async () => {
    const now = new Date().toISOString();
    const project = Project.parse({
      format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'e2e plant', createdAt: now, modifiedAt: now,
      connections: [
        { kind: 'tcp', id: 'tcp', name: 'tcp', host: '127.0.0.1', port: tcp.port, timeoutMs: 1000 },
        { kind: 'rtu', id: 'rtu', name: 'rs485', path: pty.master, baud: 19200, parity: 'none' },
        { kind: 'opcua', id: 'ua', name: 'demo', endpointUrl: ua.url },
        { kind: 'cip', id: 'cip', name: 'logix', host: '127.0.0.1', port: cip.port },
      ],
      devices: [
        { id: 'd-tcp', name: 'TcpPump', protocol: 'modbus', connectionId: 'tcp', unitId: 1 },
        { id: 'd-rtu', name: 'RtuPump', protocol: 'modbus', connectionId: 'rtu', unitId: 1 },
        { id: 'd-ua', name: 'Mixer', protocol: 'opcua', connectionId: 'ua' },
        { id: 'd-cip', name: 'Logix', protocol: 'cip', connectionId: 'cip' },
      ],
      tagMaps: [
        { id: 'm-tcp', deviceId: 'd-tcp', name: 'tcp', tags: [holding('level', 0, 'uint16'), holding('flow', 9, 'float32')] },
        { id: 'm-rtu', deviceId: 'd-rtu', name: 'rtu', tags: [{ ...holding('level', 0, 'uint16'), scanClassMs: 500 }] },
        { id: 'm-ua', deviceId: 'd-ua', name: 'ua', tags: [{ name: 'uint16', scanClassMs: 500, source: { kind: 'opcua', nodeId: 'ns=1;s=Plant.Mixing.Mixer01.Types.UInt16' } }] },
        { id: 'm-cip', deviceId: 'd-cip', name: 'cip', tags: [{ name: 'analog7', scanClassMs: 500, source: { kind: 'cip', tagPath: 'Analog_007' } }] },
      ],
    });
    const projectFile = path.join(tmp.dir, 'plant.fieldbench.json');
    writeFileSync(projectFile, JSON.stringify(project));
    const pw = path.join(tmp.dir, 'mqtt.pw');
    writeFileSync(pw, `${broker.login.password}\n`);
    healthPort = await freePort();
    uaPort = await freePort();
    const out = path.join(tmp.dir, 'bundle');
    const r = await runCli(['export', '--project', projectFile, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pw,
      '--group', 'Plant', '--node', 'e2e', '--health-port', String(healthPort), '--opcua-server', String(uaPort)], 180_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const d of ['TcpPump', 'RtuPump', 'Mixer', 'Logix']) expect(r.stdout).toMatch(new RegExp(`OK\\s+reachability\\s+${d}: answered`));
    edge = path.join(tmp.dir, 'edge', 'gateway');
    cpSync(out, edge, { recursive: true });
    gw = await startPeer(path.join(edge, 'run'), [], /"event":"gateway\.started"/, 90_000);
    expect(readlinkSync(`/proc/${gw.child.pid}/exe`)).toBe(path.join(edge, 'runtime/node/bin/node'));
  }, 240_000);

  /** A device's metrics named `tag` in its DBIRTHs and DDATAs, DDATA aliases resolved through the DBIRTH before them. */
  const metricIn = (m: Recorded[], device: string, tag: string, kinds = ['DBIRTH', 'DDATA']) => {
    const out: WireMetric[] = [];
    let alias: bigint | undefined;
    for (const x of m) {
      const kind = x.topic.split('/')[2]!;
      if (!['DBIRTH', 'DDATA'].includes(kind) || !x.topic.endsWith(`/e2e/${device}`)) continue;
      if (kind === 'DBIRTH') alias = x.payload.metrics.find((y) => y.name === tag)?.alias;
      if (!kinds.includes(kind)) continue;
      out.push(...x.payload.metrics.filter((y) => !y.isNull && (y.name === tag || (y.name === undefined && alias !== undefined && y.alias === alias))));
    }
    return out;
  };

  it('every tag arrives on Sparkplug with the simulator\'s value, typed, its DBIRTH saying Good (Quality 192)', async () => {
    await rec.waitFor((m) => expected.every((e) => metricIn(m, e.device, e.tag).some((y) => y.value === e.sparkplug)), 'every tag with its value', 2400).catch((e: Error) => {
      const seen = expected.map((x) => `${x.device}/${x.tag}: ${metricIn(rec.messages, x.device, x.tag).map((y) => `${typeof y.value} ${String(y.value)}`).join(', ')}`);
      throw new Error(`${e.message}\nseen:\n${seen.join('\n')}\ngateway output:\n${gw?.output() ?? '(not running)'}`);
    });
    // The births wait for the first readings: each DBIRTH metric carries the value, typed (not String), and Good.
    for (const e of expected) {
      const birth = rec.messages.find((x) => x.topic === `spBv1.0/Plant/DBIRTH/e2e/${e.device}`)!.payload.metrics.find((y) => y.name === e.tag)!;
      expect(birth.isNull, `${e.device}/${e.tag}`).toBe(false);
      expect(birth.value, `${e.device}/${e.tag}`).toBe(e.sparkplug);
      expect(Number(birth.props['Quality']), `${e.device}/${e.tag}`).toBe(192);
    }
  }, 120_000);

  it('the gateway\'s OPC UA server shows the same values, Good', async () => {
    const password = readFileSync(path.join(edge, 'secrets/opcua.password'), 'utf8').trim();
    // The client trusts the bundle's CA and takes its revocation list, as an integrator's client is told to (the
    // bundle's README): the server's certificate chains to that CA.
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'client-pki'), automaticallyAcceptUnknownCertificate: false });
    await clientCertificateManager.initialize();
    const ca = new X509Certificate(readFileSync(path.join(edge, 'secrets/ca.pem'))).raw;
    await clientCertificateManager.addIssuer(ca);
    await clientCertificateManager.trustCertificate(ca);
    const crl = Buffer.from(readFileSync(path.join(edge, 'secrets/ca-crl.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    await clientCertificateManager.addRevocationList(crl, 'issuers');
    await clientCertificateManager.addRevocationList(crl, 'trusted');
    client = OPCUAClient.create({ applicationName: 'e2e client', clientCertificateManager, securityMode: MessageSecurityMode.SignAndEncrypt, securityPolicy: SecurityPolicy.Basic256Sha256, endpointMustExist: false, connectionStrategy: { maxRetry: 2 } });
    await client.connect(`opc.tcp://127.0.0.1:${uaPort}`);
    session = await client.createSession({ type: UserTokenType.UserName, userName: 'opcua', password });
    for (const e of expected) {
      const t = await session.translateBrowsePath(makeBrowsePath('ObjectsFolder', `/1:${e.device}/1:${e.tag}`));
      expect(t.statusCode.name, `${e.device}/${e.tag}`).toBe('Good');
      const dv = await session.read({ nodeId: t.targets![0]!.targetId, attributeId: AttributeIds.Value });
      expect(dv.statusCode.name, `${e.device}/${e.tag}`).toBe('Good');
      expect(dv.value.value, `${e.device}/${e.tag}`).toBe(e.opcua);
    }
  }, 120_000);

  it('mosquitto stopped and brought back: every change made meanwhile arrives, as history, in order', async () => {
    const depth = async () => ((await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()) as { queue: { depth: number } }).queue.depth;
    await broker.stop();
    const plc = new ModbusRTU();
    await plc.connectTCP('127.0.0.1', { port: tcp.port });
    plc.setID(1);
    const changes = [1601, 1602, 1603];
    try {
      for (const v of changes) {
        const before = await depth();
        await plc.writeRegister(0, v);
        // Wait until the gateway has read it and queued it on disk before the next change.
        for (let i = 0; i < 200 && (await depth()) <= before; i++) await new Promise((r) => setTimeout(r, 50));
        expect(await depth()).toBeGreaterThan(before);
      }
    } finally {
      plc.close(() => undefined);
    }
    await broker.restart();
    await rec.connect(broker);
    const history = (m: Recorded[]) => metricIn(m, 'TcpPump', 'level', ['DDATA']).filter((y) => y.historical);
    await rec.waitFor((m) => changes.every((v) => history(m).some((y) => y.value === BigInt(v))), 'every change made while the broker was away, as history', 2400);
    // Each change once, in the order made (the value held when the link dropped may be stored too).
    expect(history(rec.messages).map((y) => Number(y.value)).filter((v) => changes.includes(v))).toEqual(changes);
  }, 120_000);

  it('SIGTERM: NDEATH, exit 0', async () => {
    const exited = new Promise<string>((r) => gw!.child.once('exit', (code, signal) => r(`${code}/${signal}`)));
    gw!.child.kill('SIGTERM');
    expect(await exited, gw!.output().slice(-3000)).toBe('0/null');
    gw = null;
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Plant/NDEATH/e2e'), 'NDEATH');
    // The whole recorded session, births, data, the outage's replay and the NDEATH, keeps Sparkplug's rules.
    expect(sessionProblems(rec.messages, 'Plant', 'e2e')).toEqual([]);
  }, 60_000);
});
