import type { z } from 'zod';
import { appRequests } from './app';
import { cipRequests } from './cip';
import { brokerEvents, brokerRequests } from './broker';
import { deviceEvents, deviceRequests } from './devices';
import { gatewayEvents, gatewayRequests } from './gateway';
import { modbusEvents, modbusRequests } from './modbus';
import { opcuaRequests } from './opcua';
import { projectEvents, projectRequests } from './project';
import { tagEvents, tagRequests } from './tags';
import { trafficEvents, trafficRequests } from './traffic';
import { writeRequests } from './writes';

export * from './app';
export * from './cip';
export * from './broker';
export * from './devices';
export * from './gateway';
export * from './modbus';
export * from './opcua';
export * from './project';

/**
 * The whole API between the UI and the engine, one file per domain composed here. Electron IPC (main + preload) and
 * the WebSocket bridge are two transports of this one definition: both build their client with createClient() and
 * both dispatch into the engine, which validates every input against these schemas.
 *
 * Naming: a request "area.verb" becomes api.areaVerb(input); an event "area.thing" becomes api.onAreaThing(cb).
 */
export const contract = {
  requests: { ...appRequests, ...deviceRequests, ...modbusRequests, ...opcuaRequests, ...cipRequests, ...writeRequests, ...tagRequests, ...trafficRequests, ...projectRequests, ...brokerRequests, ...gatewayRequests },
  events: { ...deviceEvents, ...modbusEvents, ...tagEvents, ...trafficEvents, ...projectEvents, ...brokerEvents, ...gatewayEvents },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type RequestInput<K extends RequestName> = z.input<Contract['requests'][K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Contract['requests'][K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Contract['requests'][K]['output']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const REQUEST_NAMES = Object.keys(contract.requests) as RequestName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name);
}
