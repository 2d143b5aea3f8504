import { create } from 'zustand';
import type { RequestInput } from '../../../shared/contract';
import { FieldbenchError } from '../../../shared/errors';
import type { Connection, Device, Watch } from '../../../shared/project/schema';
import { api } from '../api';
import { fieldMessage } from '../lib/fieldMessage';
import { errorText, reportError } from './notices';
import { useProbes } from './probes';

/** Result of a form submission: field problems keyed by the input path the engine names ("port", "host"...). */
export type SubmitResult<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string>; message: string };

export { fieldMessage };

function toSubmitFailure(err: unknown): { ok: false; fields: Record<string, string>; message: string } {
  const fields: Record<string, string> = {};
  if (err instanceof FieldbenchError && err.issues) {
    for (const issue of err.issues) if (!(issue.path in fields)) fields[issue.path] = fieldMessage(issue.message);
  }
  return { ok: false, fields, message: errorText(err) };
}

/**
 * Run one of the devices.add* requests; devices.changed follows as an event, refresh anyway so the caller sees it on
 * return. The new device is then tested once (its row shows the outcome), without holding up the form.
 */
async function added(call: () => Promise<{ device: Device }>, refresh: () => Promise<void>): Promise<SubmitResult<Device>> {
  try {
    const { device } = await call();
    await refresh();
    void useProbes.getState().probe(device.id);
    return { ok: true, value: device };
  } catch (err) {
    return toSubmitFailure(err);
  }
}

interface DevicesStore {
  loaded: boolean;
  connections: Connection[];
  devices: Device[];
  watches: Watch[];
  setDevices(list: { connections: Connection[]; devices: Device[] }): void;
  refresh(): Promise<void>;
  refreshWatches(): Promise<void>;
  addTcp(input: RequestInput<'devices.addTcp'>): Promise<SubmitResult<Device>>;
  addRtu(input: RequestInput<'devices.addRtu'>): Promise<SubmitResult<Device>>;
  addRtuOverTcp(input: RequestInput<'devices.addRtuOverTcp'>): Promise<SubmitResult<Device>>;
  remove(deviceId: string): Promise<boolean>;
  addWatch(input: RequestInput<'watches.add'>): Promise<SubmitResult<Watch>>;
  removeWatch(watchId: string): Promise<boolean>;
}

/** Devices, their connections and the watched register ranges of the open project. */
export const useDevices = create<DevicesStore>()((set, get) => ({
  loaded: false,
  connections: [],
  devices: [],
  watches: [],
  setDevices: ({ connections, devices }) => set({ connections, devices }),
  async refresh() {
    try {
      const [list, watches] = await Promise.all([api().devicesList({}), api().watchesList({})]);
      set({ connections: list.connections, devices: list.devices, watches, loaded: true });
    } catch (err) {
      reportError('Could not load devices', err);
    }
  },
  async refreshWatches() {
    try {
      set({ watches: await api().watchesList({}) });
    } catch (err) {
      reportError('Could not load watches', err);
    }
  },
  async addTcp(input) {
    return added(() => api().devicesAddTcp(input), get().refresh);
  },
  async addRtu(input) {
    return added(() => api().devicesAddRtu(input), get().refresh);
  },
  async addRtuOverTcp(input) {
    return added(() => api().devicesAddRtuOverTcp(input), get().refresh);
  },
  async remove(deviceId) {
    try {
      await api().devicesRemove({ deviceId });
      await get().refresh();
      return true;
    } catch (err) {
      reportError('Could not remove the device', err);
      return false;
    }
  },
  async addWatch(input) {
    try {
      const watch = await api().watchesAdd(input);
      await get().refreshWatches();
      return { ok: true, value: watch };
    } catch (err) {
      return toSubmitFailure(err);
    }
  },
  async removeWatch(watchId) {
    try {
      await api().watchesRemove({ watchId });
      await get().refreshWatches();
      return true;
    } catch (err) {
      reportError('Could not remove the watch', err);
      return false;
    }
  },
}));

export function connectionOf(connections: readonly Connection[], device: Device): Connection | undefined {
  return connections.find((c) => c.id === device.connectionId);
}
