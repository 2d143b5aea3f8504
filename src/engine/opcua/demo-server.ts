import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import { buildDemoSpace, DEMO_AREAS } from './demo-space';
import { opcua } from './lib';

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The server's own PKI goes to <dataDir>/sim-opcua-pki. */
  dataDir: string;
  machinesPerArea?: number;
  /** How often the process values move. */
  stepMs?: number;
  /** X.509 user certificates (DER) the server accepts as logins; any other user certificate is refused. */
  trustedUserCertificates?: Buffer[];
  /** Also offer the deprecated Basic256 policy (SignAndEncrypt), as old plant servers do. */
  deprecatedPolicy?: boolean;
}

export interface DemoServer {
  url: string;
  port: number;
  user: string;
  /** Generated for this run: never a default password. */
  password: string;
  variables: number;
  machines: number;
  areas: string[];
  stop(): Promise<void>;
}

export const DEMO_USER = 'operator';
export const DEMO_SERVER_URI = 'urn:fieldbench:demo-server';

/** A port free on 127.0.0.1 now, for --port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The OPC UA demo server (`fieldbench sim opcua`): node-opcua on 127.0.0.1 only, a plant-like address space whose
 * values move, security None and SignAndEncrypt Basic256Sha256, anonymous login and one user whose password is
 * generated at start, and X.509 user certificates it was given to trust. Client application certificates are accepted
 * automatically: it is a demo, not a plant.
 */
export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const ua = await opcua();
  const port = opts.port || (await freePort());
  const pkiRoot = path.join(opts.dataDir, 'sim-opcua-pki');
  await mkdir(pkiRoot, { recursive: true });
  const serverCertificateManager = new ua.OPCUACertificateManager({ rootFolder: pkiRoot, automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true, name: 'FieldbenchDemo' });
  await serverCertificateManager.initialize();
  const certificateFile = path.join(pkiRoot, 'own', 'certs', 'demo_server_certificate.pem');
  if (!existsSync(certificateFile)) {
    await serverCertificateManager.createSelfSignedCertificate({
      outputFile: certificateFile,
      subject: '/CN=Fieldbench demo server/O=Fieldbench',
      applicationUri: DEMO_SERVER_URI,
      dns: ['localhost'],
      ip: ['127.0.0.1'],
      startDate: new Date(Date.now() - 86_400_000),
      validity: 3650,
    });
  }
  // User certificates are judged by their own store: only those trusted here log in.
  const userCertificateManager = new ua.OPCUACertificateManager({ rootFolder: path.join(opts.dataDir, 'sim-opcua-user-pki'), automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true, name: 'FieldbenchDemoUsers' });
  await userCertificateManager.initialize();
  for (const der of opts.trustedUserCertificates ?? []) await userCertificateManager.trustCertificate(der);
  const password = randomBytes(12).toString('base64url');
  const server = new ua.OPCUAServer({
    port,
    host: '127.0.0.1',
    hostname: '127.0.0.1',
    resourcePath: '',
    serverCertificateManager,
    certificateFile,
    privateKeyFile: serverCertificateManager.privateKey,
    securityModes: [ua.MessageSecurityMode.None, ua.MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [ua.SecurityPolicy.None, ua.SecurityPolicy.Basic256Sha256, ...(opts.deprecatedPolicy ? [ua.SecurityPolicy.Basic256] : [])],
    userCertificateManager,
    allowAnonymous: true,
    userManager: { isValidUser: (user: string, given: string) => user === DEMO_USER && samePassword(given, password) },
    buildInfo: { productName: 'Fieldbench demo server', manufacturerName: 'Fieldbench', productUri: 'urn:fieldbench:demo', softwareVersion: '1.0' },
    serverInfo: { applicationUri: DEMO_SERVER_URI, productUri: 'urn:fieldbench:demo', applicationName: { text: 'Fieldbench demo server' } },
  });
  try {
    await server.initialize();
  } catch (err) {
    throw new FieldbenchError('io_error', `the OPC UA demo server could not start: ${(err as Error).message}`);
  }
  const space = buildDemoSpace(ua, server.engine.addressSpace!, opts.machinesPerArea ?? 8);
  try {
    await server.start();
  } catch (err) {
    await serverCertificateManager.dispose().catch(() => undefined);
    await userCertificateManager.dispose().catch(() => undefined);
    throw new FieldbenchError('connection_failed', `the OPC UA demo server could not listen on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
  const t0 = Date.now();
  space.step(0);
  const timer = setInterval(() => space.step((Date.now() - t0) / 1000), opts.stepMs ?? 500);
  return {
    url: `opc.tcp://127.0.0.1:${port}`,
    port,
    user: DEMO_USER,
    password,
    variables: space.variables,
    machines: space.machines,
    areas: DEMO_AREAS.map((a) => a.name),
    async stop() {
      clearInterval(timer);
      await server.shutdown(500);
      await serverCertificateManager.dispose().catch(() => undefined);
      await userCertificateManager.dispose().catch(() => undefined);
    },
  };
}
