import { SP_NAMESPACE } from './topics';

/** The primary host application's STATE topic (Sparkplug 3.0): spBv1.0/STATE/{host_id}. */
export function stateTopic(hostId: string): string {
  return `${SP_NAMESPACE}/STATE/${hostId}`;
}

/**
 * A STATE message as Sparkplug 3.0 defines it: JSON {"online": boolean, "timestamp": ms}. Null when the payload is
 * not that (it is then ignored).
 */
export function parseHostState(payload: Buffer): { online: boolean; timestamp: number } | null {
  try {
    const v = JSON.parse(payload.toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { online, timestamp } = v as Record<string, unknown>;
    if (typeof online !== 'boolean' || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return null;
    return { online, timestamp };
  } catch {
    return null;
  }
}

/**
 * Follows one host's STATE: a message older than the newest seen is stale and ignored (3.0's timestamp rule).
 * `accept` says whether the message changes what is known, and the host is online.
 */
export class HostStateTracker {
  online = false;
  private newest = -Infinity;

  accept(payload: Buffer): boolean {
    const s = parseHostState(payload);
    if (!s || s.timestamp < this.newest) return false;
    this.newest = s.timestamp;
    const changed = s.online !== this.online;
    this.online = s.online;
    return changed;
  }

  /** A new connection: what the host says is learned again from the retained STATE. */
  reset(): void {
    this.online = false;
  }
}
