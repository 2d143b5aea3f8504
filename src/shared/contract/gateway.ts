import { z } from 'zod';

/** error: the export is refused until it is fixed; warning: allowed, said in the report; ok: checked and fine. */
export const PreflightSeverity = z.enum(['error', 'warning', 'ok']);
export type PreflightSeverity = z.infer<typeof PreflightSeverity>;

export const PreflightFinding = z.object({
  severity: PreflightSeverity,
  /** The concern: "config", "tags", "reachability", "tls", "access", "writes", "certificates", "listening". */
  check: z.string(),
  what: z.string(),
  /** A config path ("northbound.broker.url") or a tag / device name. */
  where: z.string(),
  /** How to fix it; empty for ok. */
  fix: z.string(),
});
export type PreflightFinding = z.infer<typeof PreflightFinding>;

export const PreflightReport = z.object({
  format: z.literal('fieldbench-preflight'),
  version: z.literal(1),
  project: z.string(),
  target: z.string().nullable(),
  generatedAt: z.string(),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), ok: z.number().int() }),
  findings: z.array(PreflightFinding),
});
export type PreflightReport = z.infer<typeof PreflightReport>;

export const GatewayTarget = z.enum(['linux-x64', 'linux-arm64', 'docker']);
export type GatewayTarget = z.infer<typeof GatewayTarget>;

const SparkplugId = z.string().trim().min(1).max(64).regex(/^[^+/#]+$/, 'a Sparkplug id cannot contain +, / or #');

/** The northbound choices of the Deploy screen: an upstream broker by URL, or the gateway's embedded broker. */
export const DeploySettings = z.object({
  target: GatewayTarget,
  /** mqtt://HOST:PORT or mqtts://HOST:PORT; absent: the embedded broker. */
  broker: z.string().trim().max(500).regex(/^mqtts?:\/\/[^/\s@]+$/, 'a broker URL is mqtt://HOST:PORT or mqtts://HOST:PORT').optional(),
  group: SparkplugId.optional(),
  node: SparkplugId.optional(),
  /** The upstream broker's login; the password goes only into the bundle's secrets/ (0600), never gateway.json. */
  username: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(1).max(500).optional(),
  /** The CA that signed the broker's certificate: a file name in the workspace folder. */
  caFile: z.string().trim().min(1).max(200).optional(),
  /** Tag keys ("<mapId>/<tag name>") Sparkplug DCMD may write. */
  writable: z.array(z.string().min(3).max(300)).max(1000).default([]),
  /** Why plaintext MQTT to a plant-network broker is accepted. */
  plaintextReason: z.string().trim().min(1).max(500).optional(),
  /** Carry Node.js for the target in the bundle (the default; a Docker bundle always does), so the edge needs nothing. */
  nodeRuntime: z.boolean().default(true),
});
export type DeploySettings = z.infer<typeof DeploySettings>;

/** A folder name under the workspace's gateways/ folder: letters, digits, dot, dash, underscore. */
export const BundleFolderName = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a folder name of letters, digits, dot, dash and underscore');

export const GatewayExportResult = z.object({
  folder: z.string(),
  zipPath: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
  manifest: z.string(),
  report: PreflightReport,
  /** The command that starts it on the edge device, from the folder it was copied to. */
  start: z.string(),
});
export type GatewayExportResult = z.infer<typeof GatewayExportResult>;

export const GatewayExportProgress = z.object({
  step: z.enum(['preflight', 'config', 'runtime', 'bundle', 'zip', 'done', 'failed']),
  message: z.string(),
  /** 0..1 */
  fraction: z.number(),
});
export type GatewayExportProgress = z.infer<typeof GatewayExportProgress>;

export const gatewayRequests = {
  /** Pre-flight of the open project as a gateway with these settings: every finding, nothing written. */
  'gateway.preflight': { input: DeploySettings, output: PreflightReport },
  /** Pre-flight, then the bundle in <workspace>/gateways/<folder>; refused while the pre-flight has errors. */
  'gateway.export': { input: DeploySettings.extend({ folder: BundleFolderName }), output: GatewayExportResult },
} as const;

export const gatewayEvents = {
  'gateway.exportProgress': GatewayExportProgress,
} as const;
