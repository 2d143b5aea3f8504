import { useState, type KeyboardEvent } from 'react';

/** Send / Change… / Cancel under a ticket. Enter or Space on Send does not send: a click or Ctrl+Enter does. */
export function SendActions(props: { label: string; sending: boolean; expiresAt: number; onSend: () => void; onBack: () => void; onCancel: () => void }) {
  const [enterHint, setEnterHint] = useState(false);
  const guard = (e: KeyboardEvent<HTMLButtonElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setEnterHint(true);
    }
  };
  return (
    <div className="modal-actions write-actions">
      <button type="button" className="danger" data-testid="opcua-send" disabled={props.sending || Date.now() > props.expiresAt} onKeyDown={guard} onClick={props.onSend}>
        {props.sending ? 'Sending…' : props.label}
      </button>
      <button type="button" disabled={props.sending} onClick={props.onBack}>
        Change…
      </button>
      <button type="button" disabled={props.sending} onClick={props.onCancel}>
        Cancel
      </button>
      <span className={enterHint ? 'warn-inline' : 'muted'}>
        {enterHint ? 'Enter does not send. ' : ''}Click “{props.label}” or press Ctrl+Enter.
      </span>
    </div>
  );
}
