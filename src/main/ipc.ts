import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { isEventName, REQUEST_NAMES, type EventName, type RequestName } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import { eventChannel, requestChannel, SUBSCRIBE_CHANNEL } from '../shared/ipc-channels';

/** What IPC needs of the engine: the same two calls the WebSocket bridge uses. */
export interface ContractHost {
  dispatch(name: RequestName, input: unknown): Promise<Envelope<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

const UNTRUSTED: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'requests are accepted only from the main frame of the Fieldbench window' },
};

/** The sender must be our window's main frame, showing our own page (not a sub-frame, not a page it navigated to). */
function trustedSender(event: IpcMainInvokeEvent | IpcMainEvent, win: BrowserWindow | null, isAppUrl: (url: string) => boolean): boolean {
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

/**
 * One invoke channel per contract request and one send channel per event; nothing accepts an arbitrary name.
 * Inputs go to the engine unchanged: Engine.dispatch validates them against the contract. Returns a disposer.
 */
export function registerContractIpc(engine: ContractHost, window: () => BrowserWindow | null, isAppUrl: (url: string) => boolean): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), (event, input: unknown) =>
      trustedSender(event, window(), isAppUrl) ? engine.dispatch(name, input) : Promise.resolve(UNTRUSTED),
    );
  }
  // Only the streams the page listens to are forwarded (and so computed): the preload says which, per name.
  const subscriptions = new Map<EventName, () => void>();
  const onSubscribe = (event: IpcMainEvent, name: unknown, on: unknown) => {
    if (!trustedSender(event, window(), isAppUrl) || !isEventName(name) || typeof on !== 'boolean') return;
    if (on && !subscriptions.has(name)) {
      subscriptions.set(
        name,
        engine.subscribe(name, (payload) => {
          const win = window();
          if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
          win.webContents.send(eventChannel(name), payload);
        }),
      );
    } else if (!on) {
      subscriptions.get(name)?.();
      subscriptions.delete(name);
    }
  };
  ipcMain.on(SUBSCRIBE_CHANNEL, onSubscribe);
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
    ipcMain.removeListener(SUBSCRIBE_CHANNEL, onSubscribe);
    for (const u of subscriptions.values()) u();
    subscriptions.clear();
  };
}
