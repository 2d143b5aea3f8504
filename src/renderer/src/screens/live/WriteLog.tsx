import { useCallback, useEffect, useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import { api } from '../../api';
import { Modal } from '../../components/Modal';
import { formatValue } from '../../lib/format';
import { fcLabel, hexWords } from '../../lib/hex';
import { errorText } from '../../store/notices';
import { splitTagKey } from '../../../../shared/project/tag';

type AuditEntry = RequestOutput<'audit.list'>[number];

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * A write leaves its intent before it is sent and its outcome after. An intent with an outcome says nothing more; one
 * without (the app stopped while the device took its time) stays, so the log never hides a write that may have left.
 */
function withoutAnsweredIntents(list: AuditEntry[]): AuditEntry[] {
  const answered = new Set(list.filter((e) => e.action !== 'write-intent' && e.ticketId).map((e) => e.ticketId));
  return list.filter((e) => e.action !== 'write-intent' || !e.ticketId || !answered.has(e.ticketId)).map((e) => (e.action === 'write-intent' && e.ticketId && !answered.has(e.ticketId) ? { ...e, ok: false, result: 'sent; no outcome recorded (the engine stopped before the device answered)' } : e));
}

/** Every write and refused write the engine recorded, newest first. */
export function WriteLog({ onClose }: { onClose: () => void }) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEntries(withoutAnsweredIntents(await api().auditList({ limit: 500 })).reverse());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <Modal title="Write log" onClose={onClose} testId="write-log" wide>
      <div className="write-log-head">
        <span className="muted">Every confirmed write with its result, newest first (last 500). Kept by the engine, also for writes from the CLI.</span>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {entries && entries.length === 0 ? <p className="empty">No writes yet.</p> : null}
      {entries && entries.length > 0 ? (
        <div className="write-log-scroll">
          <table className="grid write-log-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Device</th>
                <th>Register</th>
                <th className="num">Old</th>
                <th className="num">New</th>
                <th>Sent</th>
                <th>Result</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`} data-testid="write-log-row" className={e.ok ? '' : 'row-bad'}>
                  <td className="mono nowrap">{when(e.at)}</td>
                  <td>
                    {e.deviceName} {e.unitId !== undefined ? <span className="muted">u{e.unitId}</span> : null}
                  </td>
                  <td className="mono">
                    {e.register ?? e.target ?? '—'} {e.address !== undefined ? <span className="muted">wire {e.address}</span> : null}
                    {/* A Modbus write asked for by tag: its register, and the tag it is. */}
                    {e.tagKey && e.register ? <span className="muted"> · tag {splitTagKey(e.tagKey).name}</span> : null}
                  </td>
                  <td className="num mono">{formatValue(e.oldValue)}</td>
                  <td className="num mono strong">{formatValue(e.newValue)}</td>
                  <td className="mono nowrap">
                    {e.functionCode !== undefined ? fcLabel(e.functionCode) : ''} {e.raw ? (e.table === 'coil' ? e.raw.map((b) => (b ? 'FF00' : '0000')).join(' ') : hexWords(e.raw)) : ''}
                  </td>
                  <td className={e.ok ? 'q-good' : 'q-bad'}>{e.result}</td>
                  <td className="muted">
                    {e.note}
                    {e.host ? <span className="dim"> ({e.host})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Modal>
  );
}

/** Opens the write log; used on the Live and Devices screens. */
export function WriteLogButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" data-testid="write-log-open" onClick={() => setOpen(true)} title="Every write sent to a device, with its result">
        Write log
      </button>
      {open ? <WriteLog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
