import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createClient, requestMethodName, type ContractTransport, type FieldbenchApi } from '../shared/api';
import { REQUEST_NAMES } from '../shared/contract';
import { toErrorData, type Envelope } from '../shared/errors';
import { eventChannel, requestChannel, SUBSCRIBE_CHANNEL } from '../shared/ipc-channels';

/**
 * The page gets window.fieldbench, the typed contract client, and nothing else: no ipcRenderer, no process, no
 * channel names. Event listeners receive the payload only, never the IpcRendererEvent (which carries the sender).
 */
const transport: ContractTransport = {
  invoke: (name, input) => ipcRenderer.invoke(requestChannel(name), input) as Promise<Envelope<unknown>>,
  subscribe(name, listener) {
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    // The first listener of a stream asks main for it, the last one gone tells main to stop.
    if (ipcRenderer.listenerCount(channel) === 0) ipcRenderer.send(SUBSCRIBE_CHANNEL, name, true);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
      if (ipcRenderer.listenerCount(channel) === 0) ipcRenderer.send(SUBSCRIBE_CHANNEL, name, false);
    };
  },
};

/**
 * contextBridge copies a thrown Error with its message only, so a FieldbenchError would reach the page without
 * its code. Requests therefore reject with the error as plain data: { name: 'FieldbenchError', code, message, issues? }.
 */
function keepErrorCodes(api: FieldbenchApi): FieldbenchApi {
  const out: Record<string, unknown> = { ...api };
  for (const name of REQUEST_NAMES) {
    const key = requestMethodName(name);
    const call = out[key] as (input: unknown) => Promise<unknown>;
    out[key] = (input: unknown) => call(input).catch((err: unknown) => Promise.reject({ name: 'FieldbenchError', ...toErrorData(err) }));
  }
  return Object.freeze(out) as unknown as FieldbenchApi;
}

contextBridge.exposeInMainWorld('fieldbench', keepErrorCodes(createClient(transport)));
