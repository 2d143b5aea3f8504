import path from 'node:path';
import { parseArgs } from 'node:util';
import { EngineCore } from '../../engine/core';
import { defaultDirs } from '../../engine/options';
import { EdgeNode } from '../../engine/sparkplug/edge-node';
import { DiskQueue } from '../../engine/sparkplug/store/disk-queue';
import { FieldbenchError } from '../../shared/errors';
import { formatProblem } from '../../shared/import';
import type { ModbusTag, Project } from '../../shared/project/schema';
import { toProjectTag } from '../../shared/tags/imported';
import { oneOf, parseIntFlag } from '../args';
import { singleDeviceProject } from '../cli-engine';
import { connectionFromFlags } from '../connection-flags';
import { IMPORT_FLAGS, load } from './map';
import { checkBrokerUrl, MQTT_LOGIN_OPTIONS, mqttLogin } from './mqtt-flags';
import { readProjectFile } from '../project-file';

export const SPARKPLUG_HELP = `fieldbench sparkplug (--project FILE | --tcp HOST:PORT --unit N --map FILE) --broker URL --group G --node N
                     [--host-id H] [--bad-device metrics|death] [--aliases] [--user U --password-file F] [--ca FILE]
                     [--store DIR] [--store-max-mb N] [--writable KEY,KEY...]
  Runs a Sparkplug B edge node until stopped: every device of the project (or the one --tcp device with the tags of
  --map) is a Sparkplug device, every tag a metric, published by exception (deadband) under spBv1.0/G/.../N.
  Ctrl+C or SIGTERM publishes NDEATH, then disconnects.
  --host-id H       primary host awareness: publish only while spBv1.0/STATE/H says online; when it goes offline,
                    NDEATH, disconnect, store until it is back
  --bad-device      a device whose every tag is Bad: publish its metrics as Bad (null, Quality 0; the default),
                    or DDEATH it and DBIRTH it again when a tag comes back
  --aliases         metric aliases: in DBIRTH beside each name, alone in the data after (smaller messages)
  --store DIR       store-and-forward: what is read while the broker is away is kept on disk (default
                    <data>/sparkplug/<group>/<node>; bounded by --store-max-mb, default 256, oldest dropped first)
                    and replayed after the births with is_historical set
  --writable KEYS   tag keys ("<mapId>/<tag name>") a DCMD may write, through the audited write path; every other
                    DCMD write is refused and logged`;

function projectFromMap(values: Record<string, string | boolean | undefined>, err: (l: string) => void): Project {
  const file = values['map'] as string | undefined;
  if (!file) throw new FieldbenchError('invalid_input', 'with --tcp, give the tags with --map FILE');
  const imported = load(file, { ...(values as Record<string, string | undefined>), table: undefined });
  for (const p of imported.problems.filter((x) => x.severity === 'error')) err(formatProblem(p));
  const tags: ModbusTag[] = [];
  for (const t of imported.tags) {
    const c = toProjectTag(t);
    if (c.ok) tags.push(c.tag);
    else err(formatProblem(c.problem));
  }
  if (!tags.length) throw new FieldbenchError('invalid_input', `${file}: no tags to publish`);
  return singleDeviceProject(connectionFromFlags(values as never), parseIntFlag(values['unit'] as string | undefined, '--unit', 0, 255, 1), tags);
}

export async function sparkplugCommand(argv: string[], out: (l: string) => void, err: (l: string) => void, stop: Promise<void>): Promise<number> {
  const { table: _table, ...mapFlags } = IMPORT_FLAGS;
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      tcp: { type: 'string' },
      unit: { type: 'string' },
      map: { type: 'string' },
      timeout: { type: 'string' },
      ...mapFlags,
      broker: { type: 'string' },
      group: { type: 'string' },
      node: { type: 'string' },
      'host-id': { type: 'string' },
      'bad-device': { type: 'string' },
      aliases: { type: 'boolean', default: false },
      ...MQTT_LOGIN_OPTIONS,
      store: { type: 'string' },
      'store-max-mb': { type: 'string' },
      writable: { type: 'string' },
    },
    strict: true,
  });
  const url = checkBrokerUrl(values.broker, '--broker');
  if (!values.group || !values.node) throw new FieldbenchError('invalid_input', 'sparkplug needs --group G and --node N');
  if (Boolean(values.project) === Boolean(values.tcp)) throw new FieldbenchError('invalid_input', 'give either --project FILE or --tcp HOST:PORT --unit N --map FILE');
  const project = values.project ? readProjectFile(values.project).project : projectFromMap(values, err);
  const { dataDir } = defaultDirs();
  const storeDir = values.store ?? path.join(dataDir, 'sparkplug', values.group, values.node);
  const maxMb = parseIntFlag(values['store-max-mb'], '--store-max-mb', 1, 1_000_000, 256);
  const queue = new DiskQueue(path.join(storeDir, 'queue'), { maxBytes: maxMb * 1024 * 1024, onDrop: (n) => err(`store full: dropped the ${n} oldest stored readings`) });
  const core = new EngineCore({ writer: `sparkplug@${values.node}`, dataDir });
  core.load(project);
  const edge = new EdgeNode(core, {
    url,
    login: mqttLogin(values),
    group: values.group,
    node: values.node,
    ...(values['host-id'] ? { primaryHost: values['host-id'] } : {}),
    aliases: values.aliases,
    badDevice: oneOf(values['bad-device'], '--bad-device', ['metrics', 'death'] as const, 'metrics'),
    writable: values.writable ? values.writable.split(',').map((k) => k.trim()).filter(Boolean) : [],
    queue,
    stateDir: storeDir,
    log: err,
  });
  edge.start();
  out(`edge node ${values.group}/${values.node}: ${edge.devices.length} devices, ${edge.devices.reduce((n, d) => n + d.metrics.length, 0)} metrics, publishing to ${url}; ${queue.size()} stored readings to forward`);
  await stop;
  await edge.stop();
  await core.close();
  out(`stopped: NDEATH sent; ${queue.size()} readings stay stored`);
  return 0;
}
