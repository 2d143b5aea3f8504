import { EngineCore, type CoreOptions } from '../engine/core';
import { defaultDirs } from '../engine/options';
import { FieldbenchError, zodIssues } from '../shared/errors';
import { PROJECT_FORMAT, PROJECT_VERSION, Project, type CipConnection, type ModbusConnection, type OpcUaConnection, type Tag, type TagInput } from '../shared/project/schema';

export const CLI_DEVICE_ID = 'cli-device';
export const CLI_MAP_ID = 'cli-map';
export const CLI_CONNECTION_ID = 'cli-connection';

/**
 * A one-device project for a command-line call: the same project model, engine core, drivers, pipeline and write
 * path as the app, not a stand-in. Checked against the project schema, so a bad flag is named as the app names it.
 * The connection is "cli-connection" (the id an OPC UA password is kept under for the run), the device "cli-device".
 */
function oneDeviceProject(connection: Record<string, unknown>, device: Record<string, unknown>, tags: readonly TagInput[], what: string): Project {
  const now = new Date().toISOString();
  const parsed = Project.safeParse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'fieldbench command line',
    createdAt: now,
    modifiedAt: now,
    connections: [{ ...connection, id: CLI_CONNECTION_ID }],
    devices: [{ ...device, id: CLI_DEVICE_ID, connectionId: CLI_CONNECTION_ID }],
    tagMaps: tags.length ? [{ id: CLI_MAP_ID, deviceId: CLI_DEVICE_ID, name: 'command line', tags }] : [],
  });
  if (!parsed.success) {
    const first = zodIssues(parsed.error)[0];
    throw new FieldbenchError('invalid_input', first ? `${first.path}: ${first.message}` : `invalid ${what} settings`);
  }
  return parsed.data;
}

/** One Modbus unit on one connection, with `tags` in one map. */
export function singleDeviceProject(connection: ModbusConnection, unitId: number, tags: Tag[] = []): Project {
  return oneDeviceProject(connection, { name: `unit ${unitId} at ${connection.name}`, protocol: 'modbus', unitId }, tags, 'device');
}

/** One OPC UA server as a device, with `tags` (OPC UA sources) in one map. */
export function singleOpcUaProject(connection: Omit<OpcUaConnection, 'id'> & { id?: string }, tags: TagInput[] = []): Project {
  return oneDeviceProject(connection, { name: connection.endpointUrl, protocol: 'opcua' }, tags, 'OPC UA');
}

/** One Logix controller as a device, with `tags` (CIP sources) in one map. */
export function singleCipProject(connection: Omit<CipConnection, 'id' | 'name'> & { name?: string }, tags: TagInput[] = []): Project {
  const name = connection.name ?? `${connection.host}:${connection.port}`;
  return oneDeviceProject({ ...connection, name }, { name: `controller at ${name}${connection.routePath ? ` (route ${connection.routePath})` : ''}`, protocol: 'cip' }, tags, 'EtherNet/IP');
}

/** An engine core holding `project` without acquiring anything: commands read or write once, then close it. */
export function cliCore(project: Project, dataDir = defaultDirs().dataDir, opcua?: CoreOptions['opcua']): EngineCore {
  const core = new EngineCore({ writer: 'cli', dataDir, ...(opcua ? { opcua } : {}) });
  core.load(project, { acquire: false });
  return core;
}
