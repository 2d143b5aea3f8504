import { FieldbenchError, type Envelope } from './errors';
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from './contract';

type CamelName<S extends string> = S extends `${infer A}.${infer B}` ? `${A}${Capitalize<CamelName<B>>}` : S;

export type RequestMethod<K extends RequestName> = CamelName<K>;
export type EventMethod<E extends EventName> = `on${Capitalize<CamelName<E>>}`;

/** The typed API the renderer sees as window.fieldbench (Electron) or builds over the WebSocket bridge (web mode). */
export type FieldbenchApi = {
  readonly [K in RequestName as RequestMethod<K>]: (input: RequestInput<K>) => Promise<RequestOutput<K>>;
} & {
  readonly [E in EventName as EventMethod<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** What a transport provides: send one request and get its envelope back; subscribe to one event stream. */
export interface ContractTransport {
  invoke(name: RequestName, input: unknown): Promise<Envelope<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

export function requestMethodName(name: string): string {
  return name.replace(/\.([a-zA-Z])/g, (_m, c: string) => c.toUpperCase());
}

export function eventMethodName(name: string): string {
  const camel = requestMethodName(name);
  return `on${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

/**
 * Build the API object from the contract's names, so a method exists once: in the contract.
 * Rejections are FieldbenchError with the engine's code.
 */
export function createClient(transport: ContractTransport): FieldbenchApi {
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    api[requestMethodName(name)] = async (input: unknown) => {
      const env = await transport.invoke(name, input ?? {});
      if (env.ok) return env.value;
      throw FieldbenchError.from(env.error);
    };
  }
  for (const name of EVENT_NAMES) {
    api[eventMethodName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventMethodName(name)} needs a function`);
      return transport.subscribe(name, listener);
    };
  }
  return Object.freeze(api) as unknown as FieldbenchApi;
}
