import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkConfig, formatIssue, loadConfig } from '../../gateway/load-config';
import { FieldbenchError } from '../../shared/errors';
import { gatewayConfigFromProject } from '../../shared/gateway/from-project';
import { gatewayJsonSchema } from '../../shared/gateway/json-schema';
import { parseIntFlag } from '../args';
import { gatewayRunCommand } from './gateway-run';
import { readProjectFile } from '../project-file';

export const GATEWAY_HELP = `fieldbench gateway run --config gateway.json
  The headless gateway: the engine without a UI. Polls the config's devices and tags (never faster than their scan
  class), publishes them as a Sparkplug B edge node (the embedded broker when none is given) with store-and-forward
  on disk, serves every tag over OPC UA if configured (tag path as browse path, quality as StatusCode), writes the
  watchdog heartbeat if configured, and serves GET /health on loopback. Structured JSON log lines
  on stdout. SIGTERM / Ctrl+C: NDEATH, queue kept, exit 0. An invalid config: every problem by path, exit 2, nothing
  started.
fieldbench gateway check --config gateway.json [--json]
  Every problem of a gateway config by path (exit 2), or a one-line summary (exit 0).
fieldbench gateway config --project FILE [--out gateway.json] [--broker URL] [--group G] [--node N]
                          [--user U --password-file F] [--ca FILE] [--store DIR] [--writable KEY,KEY...] [--health-port N]
  A gateway config made from a project file (the embedded broker unless --broker is given).
fieldbench gateway schema
  The JSON Schema of gateway.json (resources/gateway.schema.json), generated from the schema the gateway validates with.`;

export async function gatewayCommand(argv: string[], out: (l: string) => void, err: (l: string) => void, stop: Promise<void>): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'schema':
      out(JSON.stringify(gatewayJsonSchema(), null, 2));
      return 0;
    case 'check':
      return checkCommand(rest, out, err);
    case 'config':
      return configCommand(rest, out, err);
    case 'run':
      return gatewayRunCommand(rest, out, err, stop);
    default:
      throw new FieldbenchError('invalid_input', `unknown gateway command "${sub ?? ''}" (run, check, config or schema)`);
  }
}

function checkCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): number {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  if (!values.config) throw new FieldbenchError('invalid_input', 'gateway check needs --config FILE');
  try {
    const { config } = loadConfig(values.config);
    const tags = config.tagMaps.reduce((n, m) => n + m.tags.length, 0);
    if (values.json) out(JSON.stringify({ ok: true, file: values.config, devices: config.devices.length, tags }));
    else out(`${values.config}: ok — ${config.devices.length} devices, ${tags} tags, Sparkplug ${config.northbound.group}/${config.northbound.node}`);
    return 0;
  } catch (e) {
    if (!(e instanceof FieldbenchError) || e.code !== 'invalid_input') throw e;
    const issues = e.issues ?? [{ path: '', message: e.message }];
    if (values.json) out(JSON.stringify({ ok: false, file: values.config, problems: issues }));
    else for (const i of issues) err(`${values.config}: ${formatIssue(i)}`);
    return 2;
  }
}

function configCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      out: { type: 'string' },
      broker: { type: 'string' },
      group: { type: 'string' },
      node: { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      ca: { type: 'string' },
      store: { type: 'string' },
      writable: { type: 'string' },
      'health-port': { type: 'string' },
    },
    strict: true,
  });
  if (!values.project) throw new FieldbenchError('invalid_input', 'gateway config needs --project FILE');
  if ((values.user === undefined) !== (values['password-file'] === undefined)) throw new FieldbenchError('invalid_input', '--user and --password-file go together');
  const { project } = readProjectFile(values.project);
  const doc = gatewayConfigFromProject(project, {
    ...(values.broker !== undefined ? { broker: values.broker } : {}),
    ...(values.group !== undefined ? { group: values.group } : {}),
    ...(values.node !== undefined ? { node: values.node } : {}),
    ...(values.user !== undefined ? { username: values.user, passwordFile: values['password-file']! } : {}),
    ...(values.ca !== undefined ? { ca: values.ca } : {}),
    ...(values.store !== undefined ? { storeDir: values.store } : {}),
    writable: values.writable ? values.writable.split(',').map((k) => k.trim()).filter(Boolean) : [],
    healthPort: parseIntFlag(values['health-port'], '--health-port', 0, 65535, 8787),
  });
  // File paths in the config are relative to where it will be written.
  const { issues } = checkConfig(doc, values.out ? path.dirname(path.resolve(values.out)) : process.cwd());
  if (issues.length) {
    for (const i of issues) err(`gateway config: ${formatIssue(i)}`);
    return 2;
  }
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    out(`wrote ${values.out}`);
  } else out(text.trimEnd());
  return 0;
}
