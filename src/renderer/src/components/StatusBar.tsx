import { apiHandle } from '../api';
import { connectionLabel } from '../lib/connection';
import { formatAge, formatClock } from '../lib/format';
import { linkLabel, linkView } from '../lib/linkState';
import { useNow } from '../lib/useNow';
import { useConnection } from '../store/connection';
import { useDevices } from '../store/devices';
import { useLive } from '../store/live';
import { useTagLinks } from '../store/tagLinks';
import { useProject } from '../store/project';
import { useStats } from '../store/stats';
import type { LinkStatus } from '../transport';

function engineView(link: LinkStatus, now: number): { tone: 'ok' | 'warn' | 'bad'; text: string; title?: string } {
  switch (link.kind) {
    case 'ipc':
      return { tone: 'ok', text: 'Engine: connected (desktop IPC)' };
    case 'open':
      return { tone: 'ok', text: 'Engine: connected (WebSocket 127.0.0.1)' };
    case 'connecting':
      return { tone: 'warn', text: link.attempt > 1 ? `Engine: reconnecting (attempt ${link.attempt})…` : 'Engine: connecting…' };
    case 'waiting': {
      const s = Math.max(0, Math.ceil((link.retryAt - now) / 1000));
      const restarted = link.attempt >= 5 ? ' If the engine was restarted, open the new address it printed (the access token changes each run).' : '';
      return {
        tone: 'bad',
        text: `Engine: connection lost, retry in ${s} s (attempt ${link.attempt})${link.attempt >= 5 ? ' — restarted? open its new address' : ''}`,
        title: `${link.reason}.${restarted}`,
      };
    }
    case 'no-token':
      return { tone: 'bad', text: 'Engine: no access token' };
    case 'refused':
      return { tone: 'bad', text: 'Engine: access token refused (this page is from an earlier run)' };
  }
}

const TONE: Record<string, string> = { connected: 'ok', error: 'bad', connecting: 'warn' };

export function StatusBar() {
  const now = useNow();
  const link = useConnection((s) => s.link);
  const deviceLinks = useConnection((s) => s.deviceLinks);
  const connections = useDevices((s) => s.connections);
  const devices = useDevices((s) => s.devices);
  const watches = useDevices((s) => s.watches);
  const statsByDevice = useStats((s) => s.byDevice);
  const byWatch = useLive((s) => s.byWatch);
  const tagSeen = useTagLinks((s) => s.byDevice);
  const state = useProject((s) => s.state);
  const ev = engineView(link, now);
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className={`sb-item sb-engine tone-${ev.tone}`} data-testid="bridge-status" data-state={link.kind} title={ev.title}>
        <span className="dot" aria-hidden="true" />
        <span className="sb-text">{ev.text}</span>
        {link.kind === 'waiting' ? (
          <button type="button" className="link-btn" onClick={() => apiHandle()?.retryNow()}>
            Retry now
          </button>
        ) : null}
      </span>
      <span className="sb-links">
        {/* Device link states come from the engine: while it is out of reach they are unknown, so none are shown. */}
        {(link.kind === 'open' || link.kind === 'ipc' ? connections : []).map((c) => {
          // The engine's last word on the link (kept in devices.stats) when this page has not seen an event for it.
          const kept = devices.map((d) => (d.connectionId === c.id ? statsByDevice[d.id]?.link : undefined)).find((l) => l !== undefined);
          const v = linkView(c, deviceLinks[c.id] ?? (kept ? { connectionId: c.id, ...kept } : undefined), devices, watches, byWatch, tagSeen);
          const label = connectionLabel(c);
          return (
            <span
              key={c.id}
              className={`sb-item tone-${TONE[v.state] ?? 'idle'}`}
              data-testid={`link-${c.id}`}
              data-state={v.state}
              title={`${c.name}: ${linkLabel(v)}${v.detail ? ` — ${v.detail}` : ''}${v.at ? ` (since ${formatClock(v.at)})` : ''}`}
            >
              <span className="dot" aria-hidden="true" />
              <span className="sb-text">
                {label} {linkLabel(v)}
                {v.detail ? <span className="sb-detail"> — {v.detail}</span> : null}
              </span>
            </span>
          );
        })}
      </span>
      <span className="sb-item sb-save" data-testid="autosave-status">
        {state?.autosavedAt ? `Autosaved ${formatClock(state.autosavedAt)} (${formatAge(now - state.autosavedAt)} ago)` : state?.dirty ? 'Not autosaved yet' : ''}
        {state?.savedAt ? `${state.autosavedAt ? ' · ' : ''}Saved ${formatClock(state.savedAt)}` : ''}
      </span>
    </footer>
  );
}
