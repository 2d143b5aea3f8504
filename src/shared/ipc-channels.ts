import type { EventName, RequestName } from './contract';

/**
 * Electron IPC channel names, one per contract request and one per event, shared by main and preload.
 * There is no generic channel: a name that is not in the contract has no channel at all.
 */
export function requestChannel(name: RequestName): `fb:req:${RequestName}` {
  return `fb:req:${name}`;
}

export function eventChannel(name: EventName): `fb:evt:${EventName}` {
  return `fb:evt:${name}`;
}

/** The page says which event streams it listens to (name, on/off): main forwards only those. */
export const SUBSCRIBE_CHANNEL = 'fb:sub';
