import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import { FieldbenchError } from '../../../../shared/errors';
import { api } from '../../api';
import { errorText } from '../../store/notices';
import type { WriteTicket } from '../live/writeFlow';

export type CallOutcome = RequestOutput<'opcua.confirmCall'>;
export type MethodInfo = RequestOutput<'opcua.method'>;

export type CallStep =
  | { kind: 'loading' }
  | { kind: 'edit'; method: MethodInfo; busy: boolean; error: string | null; fields: Record<string, string> }
  | { kind: 'confirm'; method: MethodInfo; ticket: WriteTicket; sending: boolean }
  | { kind: 'done'; method: MethodInfo; ticket: WriteTicket; outcome: CallOutcome }
  | { kind: 'failed'; method: MethodInfo | null; ticket: WriteTicket | null; message: string };

/**
 * A method call as a write: read the method's arguments, prepare (inputs checked against their types; a ticket,
 * nothing sent), then call once on confirmation (audited) or cancel. A ticket left open is cancelled on unmount.
 */
export function useCallFlow(deviceId: string, methodId: string) {
  const [step, setStep] = useState<CallStep>({ kind: 'loading' });
  const open = useRef<string | null>(null);
  const release = useCallback(() => {
    const id = open.current;
    open.current = null;
    if (id) void api().writesCancel({ ticketId: id }).catch(() => undefined);
  }, []);
  useEffect(() => release, [release]);
  useEffect(() => {
    let live = true;
    api()
      .opcuaMethod({ deviceId, nodeId: methodId })
      .then((method) => live && setStep({ kind: 'edit', method, busy: false, error: null, fields: {} }))
      .catch((err: unknown) => live && setStep({ kind: 'failed', method: null, ticket: null, message: errorText(err) }));
    return () => {
      live = false;
    };
  }, [deviceId, methodId]);

  const prepare = useCallback(
    async (method: MethodInfo, inputs: (string | boolean)[], note: string) => {
      setStep({ kind: 'edit', method, busy: true, error: null, fields: {} });
      try {
        const ticket = await api().opcuaPrepareCall({ deviceId, methodId, objectId: method.objectId, inputs, note });
        open.current = ticket.ticketId;
        setStep({ kind: 'confirm', method, ticket, sending: false });
      } catch (err) {
        const fields: Record<string, string> = {};
        if (err instanceof FieldbenchError && err.issues) for (const i of err.issues) fields[i.path] ??= i.message;
        setStep({ kind: 'edit', method, busy: false, error: Object.keys(fields).length ? null : errorText(err), fields });
      }
    },
    [deviceId, methodId],
  );

  const send = useCallback(async () => {
    if (step.kind !== 'confirm' || step.sending) return;
    const { method, ticket } = step;
    setStep({ ...step, sending: true });
    open.current = null;
    try {
      setStep({ kind: 'done', method, ticket, outcome: await api().opcuaConfirmCall({ ticketId: ticket.ticketId }) });
    } catch (err) {
      setStep({ kind: 'failed', method, ticket, message: errorText(err) });
    }
  }, [step]);

  const back = useCallback(() => {
    release();
    if (step.kind !== 'loading' && step.method) setStep({ kind: 'edit', method: step.method, busy: false, error: null, fields: {} });
  }, [release, step]);

  return { step, prepare, send, back, release };
}
