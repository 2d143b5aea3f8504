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
 */
export function singleDeviceProject(connection: ModbusConnection, unitId: number, tags: Tag[] = []): Project {
  const now = new Date().toISOString();
  const doc = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'fieldbench command line',
    createdAt: now,
    modifiedAt: now,
    connections: [{ ...connection, id: 'cli-connection' }],
    devices: [{ id: CLI_DEVICE_ID, name: `unit ${unitId} at ${connection.name}`, protocol: 'modbus', connectionId: 'cli-connection', unitId }],
    tagMaps: tags.length ? [{ id: CLI_MAP_ID, deviceId: CLI_DEVICE_ID, name: 'command line', tags }] : [],
  };
  const parsed = Project.safeParse(doc);
  if (!parsed.success) {
    const first = zodIssues(parsed.error)[0];
    throw new FieldbenchError('invalid_input', first ? `${first.path}: ${first.message}` : 'invalid device settings');
  }
  return parsed.data;
}

/**
 * The OPC UA sibling of singleDeviceProject: one server as a device on one connection ("cli-connection", the id its
 * password is kept under for the run), with `tags` (OPC UA sources) in one map.
 */
export function singleOpcUaProject(connection: Omit<OpcUaConnection, 'id'> & { id?: string }, tags: TagInput[] = []): Project {
  const now = new Date().toISOString();
  const doc = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'fieldbench command line',
    createdAt: now,
    modifiedAt: now,
    connections: [{ ...connection, id: CLI_CONNECTION_ID }],
    devices: [{ id: CLI_DEVICE_ID, name: connection.endpointUrl, protocol: 'opcua', connectionId: CLI_CONNECTION_ID }],
    tagMaps: tags.length ? [{ id: CLI_MAP_ID, deviceId: CLI_DEVICE_ID, name: 'command line', tags }] : [],
  };
  const parsed = Project.safeParse(doc);
  if (!parsed.success) {
    const first = zodIssues(parsed.error)[0];
    throw new FieldbenchError('invalid_input', first ? `${first.path}: ${first.message}` : 'invalid OPC UA settings');
  }
  return parsed.data;
}

/**
 * The EtherNet/IP sibling of singleDeviceProject: one Logix controller as a device on one connection, with `tags`
 * (CIP sources) in one map.
 */
export function singleCipProject(connection: Omit<CipConnection, 'id' | 'name'> & { name?: string }, tags: TagInput[] = []): Project {
  const now = new Date().toISOString();
  const name = connection.name ?? `${connection.host}:${connection.port}`;
  const doc = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'fieldbench command line',
    createdAt: now,
    modifiedAt: now,
    connections: [{ ...connection, name, id: CLI_CONNECTION_ID }],
    devices: [{ id: CLI_DEVICE_ID, name: `controller at ${name}${connection.routePath ? ` (route ${connection.routePath})` : ''}`, protocol: 'cip', connectionId: CLI_CONNECTION_ID }],
    tagMaps: tags.length ? [{ id: CLI_MAP_ID, deviceId: CLI_DEVICE_ID, name: 'command line', tags }] : [],
  };
  const parsed = Project.safeParse(doc);
  if (!parsed.success) {
    const first = zodIssues(parsed.error)[0];
    throw new FieldbenchError('invalid_input', first ? `${first.path}: ${first.message}` : 'invalid EtherNet/IP settings');
  }
  return parsed.data;
}

/** An engine core holding `project` without acquiring anything: commands read or write once, then close it. */
export function cliCore(project: Project, dataDir = defaultDirs().dataDir, opcua?: CoreOptions['opcua']): EngineCore {
  const core = new EngineCore({ writer: 'cli', dataDir, ...(opcua ? { opcua } : {}) });
  core.load(project, { acquire: false });
  return core;
}
