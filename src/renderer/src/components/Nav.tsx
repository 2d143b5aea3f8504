import { useEffect } from 'react';
import { SCREENS, useUi } from '../store/ui';
import { useDevices } from '../store/devices';
import { useTagMaps } from '../store/tagMaps';

const READY = new Set(['devices', 'map', 'live', 'opcua', 'cip', 'broker', 'deploy', 'traffic']);

/** Left navigation; Alt+1..8 jumps to a screen. */
export function Nav() {
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const deviceCount = useDevices((s) => s.devices.length);
  const opcuaCount = useDevices((s) => s.devices.filter((d) => d.protocol === 'opcua').length);
  const cipCount = useDevices((s) => s.devices.filter((d) => d.protocol === 'cip').length);
  const watchCount = useDevices((s) => s.watches.length);
  const mapCount = useTagMaps((s) => s.summaries.length);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = SCREENS.find((s) => e.code === `Digit${s.key}`);
      if (target) {
        e.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              data-testid={`nav-${s.id}`}
              className={`nav-item ${screen === s.id ? 'active' : ''} ${READY.has(s.id) ? '' : 'later'}`}
              aria-current={screen === s.id ? 'page' : undefined}
              title={`Alt+${s.key}`}
              onClick={() => go(s.id)}
            >
              <span className="nav-label">{s.label}</span>
              <span className="nav-meta">
                {s.id === 'devices' && deviceCount > 0 ? deviceCount : null}
                {s.id === 'map' && mapCount > 0 ? mapCount : null}
                {s.id === 'opcua' && opcuaCount > 0 ? opcuaCount : null}
                {s.id === 'cip' && cipCount > 0 ? cipCount : null}
                {s.id === 'live' && watchCount > 0 ? watchCount : null}
                {!READY.has(s.id) ? 'later' : null}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="nav-foot">Alt+1…8</div>
    </nav>
  );
}
