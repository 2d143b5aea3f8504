import { exceptionName } from '../../../../shared/modbus/exceptions';
import { formatMs } from '../../lib/format';
import type { DeviceStats } from '../../store/stats';

/** One counter with its unit; non-zero error counters turn red, with the word next to the number. */
function Stat({ n, label, bad, testId, title }: { n: number | string; label: string; bad?: boolean; testId: string; title: string }) {
  return (
    <span className={`stat ${bad ? 'stat-bad' : ''}`} data-testid={testId} title={title}>
      <b>{n}</b> {label}
    </span>
  );
}

/**
 * Live request statistics of one device: polled every 2 s while the Devices screen shows. A device nothing has
 * reached does not show zero counters as if all were well, and OPC UA / EtherNet/IP devices (no Modbus requests to
 * count) show their scans.
 */
export function DeviceStatsCell({ stats, failing }: { stats: DeviceStats | undefined; failing: string | null }) {
  if (!stats) return <td className="stats-cell muted">no requests yet</td>;
  if (stats.responses === 0 && failing) {
    return (
      <td className="stats-cell" data-testid="device-stats" data-requests={stats.requests}>
        <span className="stat stat-bad stat-unreached" data-testid="stat-unreached" title={failing}>
          <b>{stats.requests === 0 ? 'no request reached the device' : `${stats.requests} req, no answer`}</b>: {failing}
        </span>
      </td>
    );
  }
  if (stats.protocol !== 'modbus') {
    return (
      <td className="stats-cell" data-testid="device-stats" data-requests={stats.requests}>
        {stats.scans ? (
          <>
            <Stat n={stats.scans.scans} label="scans" testId="stat-scans" title="Scans of this device's tags since the project started" />
            <Stat n={stats.scans.overruns} label="late" bad={stats.scans.overruns > 0} testId="stat-overruns" title="Scans that took longer than their interval" />
            <span className="stat" data-testid="stat-timing" title="How long the last scan took">
              <b>{formatMs(stats.scans.lastScanMs)}</b> ms
            </span>
          </>
        ) : (
          <span className="muted" data-testid="stat-session">
            {stats.link?.state === 'connected' ? 'session open · no tags scanned' : 'no tags scanned yet'}
          </span>
        )}
      </td>
    );
  }
  const exc = Object.entries(stats.exceptions).sort(([a], [b]) => a.localeCompare(b));
  const excCount = exc.reduce((s, [, n]) => s + n, 0);
  const excTitle = exc.length ? exc.map(([code, n]) => `${code} ${exceptionName(code)}: ${n}`).join('\n') : 'No exception responses';
  return (
    <td className="stats-cell" data-testid="device-stats" data-requests={stats.requests}>
      <Stat n={stats.requests} label="req" testId="stat-requests" title={`${stats.requests} requests sent, ${stats.responses} responses`} />
      <Stat n={stats.timeouts} label="timeouts" bad={stats.timeouts > 0} testId="stat-timeouts" title="Requests that got no answer in time" />
      <Stat n={stats.crcErrors} label="CRC" bad={stats.crcErrors > 0} testId="stat-crc" title="Replies with a wrong CRC (noise, wiring, termination)" />
      <span className={`stat ${excCount ? 'stat-bad' : ''}`} data-testid="stat-exceptions" title={excTitle}>
        {exc.length === 0 ? (
          <>
            <b>0</b> exc
          </>
        ) : (
          exc.map(([code, n]) => (
            <span key={code} className="exc-chip">
              <b>{n}</b>×{code.replace(/^0x/, '')}
            </span>
          ))
        )}
      </span>
      <span className="stat" data-testid="stat-timing" title="Response time, mean / 95th percentile of the last 512 replies">
        {stats.responses === 0 ? (
          <>
            <b>—</b> ms
          </>
        ) : (
          <>
            <b>{formatMs(stats.meanMs)}</b>/<b>{formatMs(stats.p95Ms)}</b> ms
          </>
        )}
      </span>
      <Stat n={stats.stray} label="stray" bad={stats.stray > 0} testId="stat-stray" title="Replies that matched no request in flight (late answers, noise)" />
    </td>
  );
}
