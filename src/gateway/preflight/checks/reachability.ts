import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/** Every source reachable from the laptop: each device read once through the engine's own driver. */
export const checkReachability: PreflightCheck = ({ project, facts }) => {
  if (!facts.probes) return [warning('reachability', 'the sources were not probed from this machine', 'devices', 'run the pre-flight with the devices connected')];
  const probes = new Map(facts.probes.map((p) => [p.deviceId, p]));
  return project.devices.map((d) => {
    const p = probes.get(d.id);
    if (!p) return warning('reachability', 'not probed: the device has no tags to read', d.name, 'map at least one tag on it, or remove the device');
    if (!p.reachable) return error('reachability', `did not answer from this machine: ${p.reason ?? 'no reading'}`, d.name, 'check the cable, address, port and unit id on the Devices screen; the edge device will see the same');
    const good = p.tags.filter((t) => t.status !== 'bad').length;
    return ok('reachability', `answered: ${good} of ${p.tags.length} tags read`, d.name);
  });
};
