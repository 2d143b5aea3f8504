import { useState, type KeyboardEvent } from 'react';

/**
 * The buttons every write dialog shares (Modbus registers, tags of any protocol, OPC UA nodes and method calls), so the
 * one confirmation rule reads the same everywhere. `testIds` prefixes their test ids ("write" → write-send, write-back,
 * write-cancel, write-send-hint).
 */

/** The edit step: review (reads the current value, sends nothing) or cancel. */
export function ReviewActions(props: { busy: boolean; disabled?: boolean; label?: string; testId: string; onCancel: () => void }) {
  return (
    <div className="modal-actions">
      <button type="submit" className="primary" data-testid={props.testId} disabled={props.busy || props.disabled}>
        {props.busy ? 'Reading current value…' : (props.label ?? 'Review write…')}
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <span className="muted">Reads the current value and shows what would be sent. Nothing is written yet.</span>
    </div>
  );
}

/** Send / Change… / Cancel under a ticket. Enter or Space on Send does not send (a hurried Enter is not a decision): a click or Ctrl+Enter does. */
export function SendActions(props: { label: string; sending: boolean; expiresAt: number; testIds?: string; onSend: () => void; onBack: () => void; onCancel: () => void }) {
  const [enterHint, setEnterHint] = useState(false);
  const id = props.testIds ?? 'write';
  const guard = (e: KeyboardEvent<HTMLButtonElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setEnterHint(true);
    }
  };
  return (
    <div className="modal-actions write-actions">
      <button type="button" className="danger" data-testid={`${id}-send`} disabled={props.sending || Date.now() > props.expiresAt} onKeyDown={guard} onClick={props.onSend}>
        {props.sending ? 'Sending…' : props.label}
      </button>
      <button type="button" data-testid={`${id}-back`} disabled={props.sending} onClick={props.onBack}>
        Change…
      </button>
      <button type="button" data-testid={`${id}-cancel`} disabled={props.sending} onClick={props.onCancel}>
        Cancel
      </button>
      <span className={enterHint ? 'warn-inline' : 'muted'} data-testid={`${id}-send-hint`}>
        {enterHint ? 'Enter does not send. ' : ''}Click “{props.label}” or press Ctrl+Enter.
      </span>
    </div>
  );
}

/** The dialog's key handler: Ctrl+Enter (or Cmd+Enter) sends while a ticket waits for confirmation. */
export function ctrlEnterSends(confirming: boolean, send: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (confirming && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  };
}
