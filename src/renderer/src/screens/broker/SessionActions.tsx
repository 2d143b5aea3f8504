import { RECORD_CAP, useInspector } from '../../store/inspector';

/** Record the messages from now on, and save the session as JSON lines or CSV. */
export function SessionActions() {
  const recording = useInspector((s) => s.recording);
  const count = useInspector((s) => s.recorded.length);
  const setRecording = useInspector((s) => s.setRecording);
  const save = useInspector((s) => s.saveSession);
  return (
    <span className="session-actions" data-testid="broker-session" data-recording={recording} data-count={count}>
      <button type="button" className={`small-btn ${recording ? 'rec-on' : ''}`} onClick={() => setRecording(!recording)} data-testid="broker-record" title={`Keep every message from now on (at most ${RECORD_CAP.toLocaleString()})`}>
        {recording ? `■ Stop recording (${count})` : '● Record'}
      </button>
      <button type="button" className="quiet small-btn" disabled={count === 0} onClick={() => save('jsonl')} data-testid="broker-save-jsonl">
        Save JSON lines
      </button>
      <button type="button" className="quiet small-btn" disabled={count === 0} onClick={() => save('csv')} data-testid="broker-save-csv">
        Export CSV
      </button>
    </span>
  );
}
