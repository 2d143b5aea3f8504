import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { UAVariable } from 'node-opcua';
import { timingSafeEqual } from 'node:crypto';
import type { EngineCore } from '../engine/core';
import { opcua, type OpcUa } from '../engine/opcua/lib';
import type { GatewayConfig } from '../shared/gateway/config';
import { tagPathOf } from '../shared/gateway/config-checks';
import { tagKey } from '../shared/project/schema';
import { publishReading, uaKindOf, type UaKind } from './opcua-variables';

export const GATEWAY_SERVER_URI = 'urn:fieldbench:gateway';

export interface GatewayOpcUaServer {
  url: string;
  variables: number;
  stop(): Promise<void>;
}

type ServerConfig = NonNullable<GatewayConfig['opcuaServer']>;

/** The application instance certificate the config names (opcuaServer.certificate), as absolute paths. */
export interface ServerCertificate {
  certificateFile: string;
  privateKeyFile: string;
}

/**
 * The gateway's northbound OPC UA server (the seed's Modbus -> OPC UA translation): every tag of the config is a
 * read-only variable in the server's namespace, its tag path as browse path (folders for the path, NodeId
 * ns=1;s=<path>), its engineering units as an EngineeringUnits property, its quality as the StatusCode and its source
 * timestamp kept. Values are pushed as readings arrive, so subscriptions see every change the engine sees.
 */
export async function startOpcUaServer(core: EngineCore, config: GatewayConfig, cfg: ServerConfig, opts: { pkiDir: string; password: string | null; certificate?: ServerCertificate | null }): Promise<GatewayOpcUaServer> {
  const ua = await opcua();
  await mkdir(opts.pkiDir, { recursive: true });
  const serverCertificateManager = new ua.OPCUACertificateManager({ rootFolder: opts.pkiDir, automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true, name: 'FieldbenchGateway' });
  await serverCertificateManager.initialize();
  const certificateFile = opts.certificate?.certificateFile ?? path.join(opts.pkiDir, 'own', 'certs', 'gateway_server_certificate.pem');
  if (!opts.certificate && !existsSync(certificateFile)) {
    await serverCertificateManager.createSelfSignedCertificate({
      outputFile: certificateFile,
      subject: `/CN=Fieldbench gateway ${config.northbound.node}/O=Fieldbench`,
      applicationUri: GATEWAY_SERVER_URI,
      dns: ['localhost'],
      ip: [cfg.host === 'localhost' ? '127.0.0.1' : cfg.host],
      startDate: new Date(Date.now() - 86_400_000),
      validity: 3650,
    });
  }
  const modes = cfg.securityModes.map((m) => ua.MessageSecurityMode[m]);
  const user = cfg.user;
  // Basic256Sha256 for signed channels, and for the user token on a None channel: a password never travels in clear.
  const policies = [...(cfg.securityModes.includes('None') ? [ua.SecurityPolicy.None] : []), ...(cfg.securityModes.some((m) => m !== 'None') || user ? [ua.SecurityPolicy.Basic256Sha256] : [])];
  const server = new ua.OPCUAServer({
    port: cfg.port,
    host: cfg.host,
    hostname: cfg.host,
    resourcePath: '',
    serverCertificateManager,
    certificateFile,
    privateKeyFile: opts.certificate?.privateKeyFile ?? serverCertificateManager.privateKey,
    securityModes: modes,
    securityPolicies: policies,
    allowAnonymous: cfg.allowAnonymous,
    userManager: {
      isValidUser: (name: string, given: string) => {
        if (!user || opts.password === null || name !== user.username) return false;
        const a = Buffer.from(given);
        const b = Buffer.from(opts.password);
        return a.length === b.length && timingSafeEqual(a, b);
      },
    },
    buildInfo: { productName: 'Fieldbench gateway', manufacturerName: 'Fieldbench', productUri: 'urn:fieldbench:gateway', softwareVersion: '1.0' },
    serverInfo: { applicationUri: GATEWAY_SERVER_URI, productUri: 'urn:fieldbench:gateway', applicationName: { text: `Fieldbench gateway ${config.northbound.node}` } },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace!;
  const ns = addressSpace.getOwnNamespace();
  const RO = ua.makeAccessLevelFlag('CurrentRead');
  const folders = new Map<string, object>();
  const folderOf = (segments: string[]): object => {
    let parent: object = addressSpace.rootFolder.objects;
    for (let i = 0; i < segments.length; i++) {
      const p = segments.slice(0, i + 1).join('/');
      let f = folders.get(p);
      if (!f) folders.set(p, (f = ns.addFolder(parent as never, { browseName: segments[i]!, nodeId: `s=${p}` })));
      parent = f;
    }
    return parent;
  };
  const vars = new Map<string, { v: UAVariable; kind: UaKind }>();
  const devices = new Map(config.devices.map((d) => [d.id, d.name]));
  for (const m of config.tagMaps) {
    for (const tag of m.tags) {
      const p = tagPathOf(devices.get(m.deviceId) ?? m.deviceId, tag);
      const segments = p.split('/').filter(Boolean);
      const kind = uaKindOf(tag);
      const v = ns.addVariable({
        componentOf: folderOf(segments.slice(0, -1)) as never,
        browseName: segments.at(-1)!,
        nodeId: `s=${p}`,
        dataType: kind,
        accessLevel: RO,
        userAccessLevel: RO,
        ...(tag.description ? { description: tag.description } : {}),
      });
      if (tag.units) {
        ns.addVariable({
          propertyOf: v,
          // The standard property's name, in namespace 0, as OPC UA clients look it up.
          browseName: { name: 'EngineeringUnits', namespaceIndex: 0 },
          typeDefinition: 'PropertyType',
          dataType: 'EUInformation',
          accessLevel: RO,
          userAccessLevel: RO,
          value: new ua.Variant({
            dataType: ua.DataType.ExtensionObject,
            value: unitsOf(ua, tag.units),
          }),
        });
      }
      const key = tagKey(m.id, tag.name);
      publishReading(ua, v, kind, core.reading(key));
      vars.set(key, { v, kind });
    }
  }
  const off = core.onReading((r) => {
    const hit = vars.get(r.key);
    if (hit) publishReading(ua, hit.v, hit.kind, r);
  });
  try {
    await server.start();
  } catch (err) {
    off();
    await serverCertificateManager.dispose().catch(() => undefined);
    throw err;
  }
  return {
    url: `opc.tcp://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}`,
    variables: vars.size,
    async stop() {
      off();
      await server.shutdown(0);
      await serverCertificateManager.dispose().catch(() => undefined);
    },
  };
}

/** A tag's units as EUInformation: its text as display name and description; unitId -1 (no UNECE code known). */
function unitsOf(ua: OpcUa, units: string) {
  const eu = ua.makeEUInformation('', units, units);
  eu.unitId = -1;
  return eu;
}

/** The OPC UA server user's password from its file (none without a user). */
export function opcUaPassword(cfg: ServerConfig, resolve: (p: string) => string): string | null {
  return cfg.user ? readFileSync(resolve(cfg.user.passwordFile), 'utf8').replace(/\r?\n$/, '') : null;
}

/** The OPC UA server's certificate files from the config (none: a self-signed one is made in the PKI folder). */
export function opcUaCertificate(cfg: ServerConfig, resolve: (p: string) => string): ServerCertificate | null {
  return cfg.certificate ? { certificateFile: resolve(cfg.certificate.cert), privateKeyFile: resolve(cfg.certificate.key) } : null;
}
