import type { z } from 'zod';
import { checkReferences, tagKey, type Connection, type Device, type TagMap } from '../project/schema';

/** The parts of a gateway config the cross-field rules read (the parsed shape, before these rules pass). */
interface ConfigShape {
  connections: Connection[];
  devices: Device[];
  tagMaps: TagMap[];
  scanClasses: { name: string; intervalMs: number }[];
  northbound: { broker: { kind: 'embedded' } | { kind: 'url'; url: string }; tls?: { cert?: string; key?: string } | undefined };
  watchdog?: { target: { tagKey: string } | { deviceId: string; register: number } } | undefined;
  writes: { authorised: string[] };
  opcuaServer?: { allowAnonymous: boolean; user?: unknown } | undefined;
}

/** The path of a tag under the gateway: its ISA-95 path, or "<device name>/<tag name>" when it has none. */
export function tagPathOf(deviceName: string, tag: { path: string; name: string }): string {
  return tag.path || `${deviceName}/${tag.name}`;
}

/**
 * The rules between parts of a gateway config: the project's references (every device on a known connection of its
 * protocol, every map on a known device), unique tag names and paths, scan classes that exist, writes only where the
 * config authorises them, a watchdog target that can be written, and TLS settings that fit the broker.
 */
export function checkGatewayConfig(c: ConfigShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  checkReferences({ connections: c.connections, devices: c.devices, tagMaps: c.tagMaps, watches: [] }, ctx);

  const classNames = new Set<string>();
  c.scanClasses.forEach((s, i) => {
    if (classNames.has(s.name)) issue(['scanClasses', i, 'name'], `scan class "${s.name}" is named twice`);
    classNames.add(s.name);
  });
  const intervals = new Set(c.scanClasses.map((s) => s.intervalMs));
  const intervalList = [...intervals].sort((a, b) => a - b).join(', ');

  const devices = new Map(c.devices.map((d) => [d.id, d]));
  const tags = new Map<string, { access: string }>();
  const paths = new Map<string, string>();
  const authorised = new Set(c.writes.authorised);
  const watchdogKey = c.watchdog && 'tagKey' in c.watchdog.target ? c.watchdog.target.tagKey : undefined;
  c.tagMaps.forEach((m, i) => {
    const deviceName = devices.get(m.deviceId)?.name ?? m.deviceId;
    const names = new Set<string>();
    m.tags.forEach((t, j) => {
      const at = ['tagMaps', i, 'tags', j];
      if (names.has(t.name)) issue([...at, 'name'], `tag "${t.name}" is in map "${m.name}" twice`);
      names.add(t.name);
      const p = tagPathOf(deviceName, t);
      const first = paths.get(p);
      if (first !== undefined) issue([...at, 'path'], `tag path "${p}" is also the path of tag "${first}"`);
      else paths.set(p, tagKey(m.id, t.name));
      if (!intervals.has(t.scanClassMs)) issue([...at, 'scanClassMs'], `${t.scanClassMs} ms is not a configured scan class (${intervalList} ms)`);
      const key = tagKey(m.id, t.name);
      tags.set(key, { access: t.access });
      if (t.access === 'read-write' && !authorised.has(key) && key !== watchdogKey) {
        issue([...at, 'access'], `tag "${key}" is read-write but not authorised: list it in writes.authorised, or make it read`);
      }
    });
  });

  c.writes.authorised.forEach((key, i) => {
    const t = tags.get(key);
    if (!t) issue(['writes', 'authorised', i], `no tag "${key}" in this config (a tag key is "<mapId>/<tag name>")`);
    else if (t.access !== 'read-write') issue(['writes', 'authorised', i], `tag "${key}" is read-only: set its access to read-write to authorise writes`);
  });

  const target = c.watchdog?.target;
  if (target && 'tagKey' in target) {
    const t = tags.get(target.tagKey);
    if (!t) issue(['watchdog', 'target', 'tagKey'], `no tag "${target.tagKey}" in this config`);
    else if (t.access !== 'read-write') issue(['watchdog', 'target', 'tagKey'], `tag "${target.tagKey}" is read-only: the heartbeat needs a read-write tag`);
  } else if (target) {
    const d = devices.get(target.deviceId);
    if (!d) issue(['watchdog', 'target', 'deviceId'], `no device "${target.deviceId}" in this config`);
    else if (d.protocol !== 'modbus') issue(['watchdog', 'target', 'deviceId'], `a register heartbeat needs a Modbus device; "${d.name}" is ${d.protocol} (give a tagKey instead)`);
  }

  if (c.opcuaServer && !c.opcuaServer.allowAnonymous && !c.opcuaServer.user) {
    issue(['opcuaServer', 'user'], 'nobody could log in to the OPC UA server: give a user (username and passwordFile), or set allowAnonymous to true');
  }

  const { broker, tls } = c.northbound;
  if (tls && (broker.kind !== 'url' || !broker.url.startsWith('mqtts://'))) issue(['northbound', 'tls'], 'TLS settings need an mqtts:// broker URL');
  if (tls && (tls.cert === undefined) !== (tls.key === undefined)) issue(['northbound', 'tls', tls.cert === undefined ? 'cert' : 'key'], 'a client certificate needs both cert and key');
}
