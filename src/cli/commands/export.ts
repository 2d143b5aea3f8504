import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCredentials } from '../../engine/broker/credentials';
import { preflight, preflightText } from '../../gateway/bundle/preflight';
import { writeBundle } from '../../gateway/bundle/write-bundle';
import { zipFolder } from '../../gateway/bundle/zip';
import { BUNDLE_TARGETS } from '../../gateway/bundle/templates';
import { formatIssue } from '../../gateway/load-config';
import { FieldbenchError } from '../../shared/errors';
import { GatewayConfig } from '../../shared/gateway/config';
import { gatewayConfigFromProject } from '../../shared/gateway/from-project';
import { migrateProject } from '../../shared/project/migrate';
import { oneOf, parseIntFlag } from '../args';
import { packageRoot } from '../paths';

export const EXPORT_HELP = `fieldbench export --project FILE --target linux-x64|linux-arm64 --out DIR [--broker URL --user U --password-file F
                  [--ca FILE]] [--group G] [--node N] [--writable KEY,KEY...] [--health-port N] [--install-dir DIR]
  A gateway bundle for the edge: a folder that runs from where it is copied (runtime/gateway.js, serialport's binding
  for the target, gateway.json, secrets/ with mode 0600, an executable run script, a systemd unit, a README,
  PREFLIGHT.txt and MANIFEST.sha256), and DIR.zip of it (modes kept). Without --broker the gateway runs its embedded
  broker with a login generated for it. The systemd unit expects the folder at --install-dir (default
  /opt/fieldbench-gateway). The pre-flight (tags verified, sources reachable from here, TLS, anonymous access, writes,
  listening addresses, certificate expiry) is printed and kept in the bundle; it refuses nothing. Exit 2 with every
  problem by path when the project does not make a valid gateway config (a read-write tag not in --writable).`;

export async function exportCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string' },
      broker: { type: 'string' },
      group: { type: 'string' },
      node: { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      ca: { type: 'string' },
      writable: { type: 'string' },
      'health-port': { type: 'string' },
      'install-dir': { type: 'string' },
    },
    strict: true,
  });
  if (!values.project || !values.out || !values.target) throw new FieldbenchError('invalid_input', 'export needs --project FILE --target TARGET --out DIR');
  const target = oneOf(values.target, '--target', BUNDLE_TARGETS, 'linux-x64');
  if ((values.user === undefined) !== (values['password-file'] === undefined)) throw new FieldbenchError('invalid_input', '--user and --password-file go together');
  if (values.user !== undefined && !values.broker) throw new FieldbenchError('invalid_input', '--user is for an upstream --broker; the embedded broker gets a generated login');
  const installDir = values['install-dir'] ?? '/opt/fieldbench-gateway';
  if (!path.isAbsolute(installDir)) throw new FieldbenchError('invalid_input', '--install-dir must be an absolute path');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(values.project, 'utf8'));
  } catch (e) {
    throw new FieldbenchError('invalid_input', `--project ${values.project}: ${(e as Error).message}`);
  }
  const { project } = migrateProject(raw);
  const secrets: { name: string; content: string }[] = [];
  let login: { username: string; passwordFile: string };
  if (values.user !== undefined) {
    secrets.push({ name: 'mqtt.password', content: readFileSync(values['password-file']!, 'utf8').replace(/\r?\n$/, '') });
    login = { username: values.user, passwordFile: 'secrets/mqtt.password' };
  } else {
    const generated = generateCredentials();
    secrets.push({ name: 'broker.password', content: generated.password });
    login = { username: generated.username, passwordFile: 'secrets/broker.password' };
  }
  const doc = gatewayConfigFromProject(project, {
    ...(values.broker !== undefined ? { broker: values.broker } : {}),
    ...(values.group !== undefined ? { group: values.group } : {}),
    ...(values.node !== undefined ? { node: values.node } : {}),
    username: login.username,
    passwordFile: login.passwordFile,
    ...(values.ca !== undefined ? { ca: 'tls/ca.pem' } : {}),
    storeDir: 'store',
    writable: values.writable ? values.writable.split(',').map((k) => k.trim()).filter(Boolean) : [],
    healthPort: parseIntFlag(values['health-port'], '--health-port', 1, 65535, 8787),
  });
  // Pre-flight on the config as it will run (when its shape is right; otherwise writeBundle lists the problems).
  const parsed = GatewayConfig.safeParse(doc);
  const checks = parsed.success ? await preflight(parsed.data, project, (f) => (f === 'tls/ca.pem' && values.ca ? values.ca : path.resolve(f))) : [];
  const report = preflightText(checks);
  const root = packageRoot();
  let result: { files: string[]; bytes: number };
  try {
    result = writeBundle({
      outDir: values.out,
      target,
      installDir,
      config: doc,
      secrets,
      files: values.ca !== undefined ? [{ name: 'tls/ca.pem', from: values.ca }] : [],
      texts: [{ name: 'PREFLIGHT.txt', content: report }],
      runtimeFile: path.join(root, 'out', 'gateway', 'gateway.js'),
      prebuildsDir: path.join(root, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds'),
    });
  } catch (e) {
    if (e instanceof FieldbenchError && e.code === 'invalid_input' && e.issues) {
      for (const i of e.issues) err(`export: ${formatIssue(i)}`);
      return 2;
    }
    throw e;
  }
  out('pre-flight (also in PREFLIGHT.txt):');
  for (const line of report.trimEnd().split('\n')) out(`  ${line}`);
  const zipFile = `${path.resolve(values.out)}.zip`;
  const zipBytes = zipFolder(path.resolve(values.out), zipFile);
  out(`wrote ${values.out}: ${result.files.length} files, ${(result.bytes / 1048576).toFixed(1)} MB, for ${target}; check with "sha256sum -c MANIFEST.sha256" in that folder`);
  out(`wrote ${zipFile}: ${(zipBytes / 1048576).toFixed(1)} MB`);
  return 0;
}
