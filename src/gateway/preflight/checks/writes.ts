import { tagKey } from '../../../shared/project/schema';
import { error, nameList, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/** No write without authorisation: every read-write tag listed in writes.authorised, and the authorised ones said aloud. */
export const checkWrites: PreflightCheck = ({ config }) => {
  const authorised = new Set(config.writes?.authorised ?? []);
  const watchdog = config.watchdog?.target && 'tagKey' in config.watchdog.target ? config.watchdog.target.tagKey : undefined;
  const unauthorised: string[] = [];
  const writable: string[] = [];
  for (const m of config.tagMaps) {
    for (const t of m.tags ?? []) {
      if (t.access !== 'read-write') continue;
      const key = tagKey(m.id, t.name);
      if (authorised.has(key)) writable.push(t.name);
      else if (key !== watchdog) unauthorised.push(t.name);
    }
  }
  const out = [];
  if (unauthorised.length) out.push(error('writes', `${unauthorised.length} read-write tag${unauthorised.length === 1 ? '' : 's'} without authorisation: ${nameList(unauthorised)}`, nameList(unauthorised, 3), 'make the tag read-only in its map, or authorise it (writes.authorised / --writable KEY)'));
  if (writable.length) out.push(warning('writes', `${writable.length} tag${writable.length === 1 ? '' : 's'} writable from Sparkplug DCMD, through the audited write path: ${nameList(writable)}`, 'writes.authorised', 'keep only the writes the process needs; the broker\'s ACL must limit who may send DCMD'));
  if (config.watchdog) {
    const t = config.watchdog.target;
    out.push(warning('writes', `the watchdog writes a heartbeat to ${'tagKey' in t ? `tag "${t.tagKey}"` : `register ${t.register} of device "${t.deviceId}"`} with no operator to confirm`, 'watchdog', 'make sure the PLC program expects it there'));
  }
  if (!unauthorised.length && !writable.length && !config.watchdog) out.push(ok('writes', 'the gateway writes nothing: every tag is read-only', 'writes'));
  return out;
};
