import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestInput, RequestOutput } from '../../../../shared/contract';
import { FieldbenchError } from '../../../../shared/errors';
import { api } from '../../api';
import { fieldMessage } from '../../store/devices';
import { errorText } from '../../store/notices';

export type WriteTicket = RequestOutput<'writes.prepare'>;
export type PrepareInput = RequestInput<'writes.prepare'>;

export type WriteStep =
  | { kind: 'edit'; busy: boolean; error: string | null; fields: Record<string, string> }
  | { kind: 'confirm'; ticket: WriteTicket; sending: boolean }
  | { kind: 'done'; ticket: WriteTicket; readBack: number[] | null; readBackValue?: WriteTicket['newValue'] | null; broadcast: boolean; at: number }
  | { kind: 'failed'; ticket: WriteTicket; message: string };

const EDIT = { kind: 'edit', busy: false, error: null, fields: {} } as const satisfies WriteStep;

/**
 * The two-step write as a small state machine: prepare (the engine reads the current value and says what it would
 * send; nothing is written), then confirm (sent once) or cancel. A ticket left open is cancelled when the dialog
 * goes away, so no write can be confirmed later by accident.
 */
export function useWriteFlow() {
  const [step, setStep] = useState<WriteStep>(EDIT);
  const open = useRef<string | null>(null);

  const release = useCallback(() => {
    const id = open.current;
    open.current = null;
    if (id) void api().writesCancel({ ticketId: id }).catch(() => undefined);
  }, []);

  useEffect(() => release, [release]);

  const prepare = useCallback(async (input: PrepareInput) => {
    setStep({ ...EDIT, busy: true });
    try {
      const ticket = await api().writesPrepare(input);
      open.current = ticket.ticketId;
      setStep({ kind: 'confirm', ticket, sending: false });
    } catch (err) {
      const fields: Record<string, string> = {};
      if (err instanceof FieldbenchError && err.issues) for (const i of err.issues) fields[i.path] ??= fieldMessage(i.message);
      setStep({ kind: 'edit', busy: false, error: Object.keys(fields).length ? null : errorText(err), fields });
    }
  }, []);

  const send = useCallback(async () => {
    if (step.kind !== 'confirm' || step.sending) return;
    const { ticket } = step;
    setStep({ kind: 'confirm', ticket, sending: true });
    // Whatever happens next, the ticket is used up: the engine takes it off the list before sending.
    open.current = null;
    try {
      const r = await api().writesConfirm({ ticketId: ticket.ticketId });
      setStep({ kind: 'done', ticket: r.ticket, readBack: r.readBack, readBackValue: r.readBackValue, broadcast: r.result === 'broadcast', at: Date.now() });
    } catch (err) {
      setStep({ kind: 'failed', ticket, message: errorText(err) });
    }
  }, [step]);

  /** Back to the form: the prepared ticket is cancelled in the engine. */
  const back = useCallback(() => {
    release();
    setStep(EDIT);
  }, [release]);

  return { step, prepare, send, back, release };
}
