import type { DeviceProbe } from '../../../../shared/contract';
import { linkLabel, type LinkView } from '../../lib/linkState';
import type { ProbeState } from '../../store/probes';

export interface RowLink {
  /** The CSS/test state: connected, error, connecting, idle, disconnected or unknown. */
  state: LinkView['state'];
  label: string;
  detail?: string;
  /** The probe's outcome when the probe is what the row shows. */
  probe?: ProbeState['outcome'];
}

const PROBE_STATE: Record<DeviceProbe['outcome'], LinkView['state']> = { reachable: 'connected', refused: 'error', timeout: 'error' };

/**
 * What a device row's Link cell says: the connection test (on add) until something newer is known of the link —
 * a watch update, a tag reading or a state the engine pushed.
 */
export function rowLink(link: LinkView | undefined, probe: ProbeState | undefined): RowLink | undefined {
  const linkNewer = link && link.state !== 'unknown' && (link.at ?? 0) > (probe?.at ?? -1);
  if (probe && (probe.outcome === 'testing' || !linkNewer)) {
    if (probe.outcome === 'testing') return { state: 'connecting', label: 'testing connection…', probe: 'testing' };
    return { state: PROBE_STATE[probe.outcome], label: probe.outcome, detail: probe.detail, probe: probe.outcome };
  }
  if (!link) return undefined;
  return { state: link.state, label: linkLabel(link), ...(link.detail !== undefined ? { detail: link.detail } : {}) };
}

/** The newer of two probes of one device (the page's own, the one the engine kept). */
export function newerProbe(a: ProbeState | undefined, b: ProbeState | undefined): ProbeState | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}
