import type { CipLink } from '../../../../shared/contract';

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

/** What one link state says, in a line, and its colour. */
export function linkText(l: CipLink, now: number): { tone: 'ok' | 'busy' | 'warn' | 'bad' | 'idle'; text: string; title: string } {
  switch (l.state) {
    case 'connected':
      return {
        tone: 'ok',
        text: `Connected · ${l.large ? 'Large Forward Open' : 'Forward Open'} · ${l.connectionSize ?? '?'} bytes`,
        title: `${l.address}, route path ${l.routePath || 'none'}, session ${l.sessionHandle !== null ? hex(l.sessionHandle) : '—'}`,
      };
    case 'connecting':
      return l.sessionHandle !== null
        ? { tone: 'busy', text: `Session ${hex(l.sessionHandle)} registered · Forward Open…`, title: `${l.address}, route path ${l.routePath || 'none'}` }
        : { tone: 'busy', text: 'Connecting…', title: l.address };
    case 'disconnected':
      return { tone: 'warn', text: `Disconnected · reconnects at the next read${l.lastError ? ` · ${l.lastError}` : ''}`, title: l.lastError ?? '' };
    case 'error': {
      const wait = l.nextAttemptAt !== null ? Math.max(0, Math.ceil((l.nextAttemptAt - now) / 1000)) : null;
      const next = wait === null || wait === 0 ? 'reconnecting' : `next attempt in ${wait} s`;
      return { tone: 'bad', text: `Error · ${next} · ${l.lastError ?? 'unknown'}`, title: `${l.failures} failed attempt${l.failures === 1 ? '' : 's'} in a row: ${l.lastError ?? ''}` };
    }
    default:
      return { tone: 'idle', text: 'Not connected yet: the engine connects when it first reads', title: l.address };
  }
}
