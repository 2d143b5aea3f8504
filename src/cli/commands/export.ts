import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCredentials } from '../../engine/broker/credentials';
import { nodeRuntimeTarball, NODE_RUNTIME_VERSION } from '../../gateway/bundle/node-runtime';
import { writeBundle } from '../../gateway/bundle/write-bundle';
import { zipFolder } from '../../gateway/bundle/zip';
import { BUNDLE_TARGETS, platformOf } from '../../gateway/bundle/templates';
import { formatIssue } from '../../gateway/load-config';
import { preflightFor } from '../../gateway/preflight/preflight-for';
import { PREFLIGHT_JSON, PREFLIGHT_MARKDOWN, preflightMarkdown, preflightText } from '../../gateway/preflight/report-text';
import { defaultDirs } from '../../engine/options';
import { FieldbenchError, zodIssues } from '../../shared/errors';
import { GatewayConfig } from '../../shared/gateway/config';
import { oneOf, parseIntFlag } from '../args';
import { cliCore } from '../cli-engine';
import { packageRoot } from '../paths';
import { DEPLOY_FLAGS, planFromFlags } from '../deploy-flags';
import { readProjectFile } from '../project-file';

export const EXPORT_HELP = `fieldbench export --project FILE --target linux-x64|linux-arm64|docker|windows-x64 --out DIR [--broker URL --user U --password-file F
                  [--ca FILE]] [--group G] [--node N] [--writable KEY,KEY...] [--health-port N] [--install-dir DIR]
                  [--plaintext-reason TEXT] [--opcua-server PORT] [--no-node-runtime]
  A gateway bundle for the edge: a folder that runs from where it is copied: runtime/gateway.js; Node.js for the target
  in runtime/node/ (node-<target>@${NODE_RUNTIME_VERSION} from the npm registry, downloaded once into the data folder and
  checked against the registry's SHA-512; --no-node-runtime leaves it out and run uses the device's node);
  serialport's binding for the target; gateway.json; secrets/ (0600: generated credentials, the gateway's own CA with its
  revocation list, and a certificate it signed; the CA key is not kept); an executable run script and a systemd unit (docker:
  plus Dockerfile, compose.yaml and .dockerignore, no unit; windows-x64: run.cmd only); a README; PREFLIGHT.md, preflight.json and MANIFEST.sha256. And
  DIR.zip of it (modes kept). Without --broker the gateway runs its embedded broker with a login generated for it.
  --opcua-server PORT adds the gateway's OPC UA server on 127.0.0.1:PORT (SignAndEncrypt, user "opcua", its password
  generated into secrets/opcua.password). The systemd unit expects the folder at --install-dir (default
  /opt/fieldbench-gateway). The pre-flight (the one "fieldbench preflight" prints) is printed and kept in the bundle.
  Exit 2 with every problem by path when the project does not make a valid gateway config; exit 1, writing nothing,
  when the pre-flight has an error.`;

export async function exportCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string' },
      ...DEPLOY_FLAGS,
      'health-port': { type: 'string' },
      'install-dir': { type: 'string' },
      'no-node-runtime': { type: 'boolean', default: false },
      'opcua-server': { type: 'string' },
    },
    strict: true,
  });
  if (!values.project || !values.out || !values.target) throw new FieldbenchError('invalid_input', 'export needs --project FILE --target TARGET --out DIR');
  const target = oneOf(values.target, '--target', BUNDLE_TARGETS, 'linux-x64');
  if ((values.user === undefined) !== (values['password-file'] === undefined)) throw new FieldbenchError('invalid_input', '--user and --password-file go together');
  const installDir = values['install-dir'] ?? '/opt/fieldbench-gateway';
  if (!path.isAbsolute(installDir)) throw new FieldbenchError('invalid_input', '--install-dir must be an absolute path');
  const { project } = readProjectFile(values.project);
  // The same plan the Deploy screen exports (src/gateway/preflight/plan.ts), so the pre-flight checks what is written.
  const plan = planFromFlags(project, values);
  plan.config.health = { port: parseIntFlag(values['health-port'], '--health-port', 1, 65535, 8787), host: '127.0.0.1', allowNetwork: false };
  if (values['opcua-server'] !== undefined) {
    // The gateway's own OPC UA server (the seed's Modbus -> OPC UA translation), loopback, one user with a generated password.
    plan.secrets.push({ name: 'opcua.password', content: generateCredentials().password });
    plan.config.opcuaServer = { port: parseIntFlag(values['opcua-server'], '--opcua-server', 1, 65535, 4840), host: '127.0.0.1', securityModes: ['SignAndEncrypt'], user: { username: 'opcua', passwordFile: 'secrets/opcua.password' } };
  }
  const shape = GatewayConfig.safeParse(plan.config);
  if (!shape.success) {
    for (const i of zodIssues(shape.error)) err(`export: ${formatIssue(i)}`);
    return 2;
  }
  const core = cliCore(project);
  let report;
  try {
    report = await preflightFor(core, project, plan, { target, plaintextReason: values['plaintext-reason'] });
  } finally {
    await core.close();
  }
  out('pre-flight (also in PREFLIGHT.md and preflight.json):');
  for (const line of preflightText(report)) out(`  ${line}`);
  if (report.counts.error) {
    err(`export: refused, the pre-flight has ${report.counts.error} error${report.counts.error === 1 ? '' : 's'}; nothing written`);
    return 1;
  }
  const nodeRuntime = values['no-node-runtime'] ? undefined : await nodeRuntimeTarball(platformOf(target), path.join(defaultDirs().dataDir, 'node-runtime'), (l) => out(l));
  const root = packageRoot();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fieldbench-export-'));
  let result: { files: string[]; bytes: number };
  try {
    writeFileSync(path.join(scratch, PREFLIGHT_MARKDOWN), preflightMarkdown(report));
    writeFileSync(path.join(scratch, PREFLIGHT_JSON), `${JSON.stringify(report, null, 2)}\n`);
    result = writeBundle({
      outDir: values.out,
      target,
      installDir,
      config: plan.config,
      secrets: plan.secrets,
      files: [...plan.files, { name: PREFLIGHT_MARKDOWN, from: path.join(scratch, PREFLIGHT_MARKDOWN) }, { name: PREFLIGHT_JSON, from: path.join(scratch, PREFLIGHT_JSON) }],
      runtimeFile: path.join(root, 'out', 'gateway', 'gateway.js'),
      prebuildsDir: path.join(root, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds'),
      nodeRuntime,
    });
  } catch (e) {
    if (e instanceof FieldbenchError && e.code === 'invalid_input' && e.issues) {
      for (const i of e.issues) err(`export: ${formatIssue(i)}`);
      return 2;
    }
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const zipFile = `${path.resolve(values.out)}.zip`;
  const zipBytes = zipFolder(path.resolve(values.out), zipFile);
  out(`wrote ${values.out}: ${result.files.length} files, ${(result.bytes / 1048576).toFixed(1)} MB, for ${target}${nodeRuntime ? `, with Node.js ${NODE_RUNTIME_VERSION}` : ', without Node.js'}; check with "sha256sum -c MANIFEST.sha256" in that folder`);
  out(`wrote ${zipFile}: ${(zipBytes / 1048576).toFixed(1)} MB`);
  return 0;
}
