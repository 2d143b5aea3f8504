import { z } from 'zod';

/** Frames of the WebSocket bridge. Each reply carries the id of the request it answers, on the socket that asked. */
export const ClientFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int().nonnegative(), name: z.string().max(100), input: z.unknown() }),
  /** Start or stop receiving one event stream: nothing is computed or sent for a stream nobody asked for. */
  z.object({ t: z.literal('sub'), name: z.string().max(100) }),
  z.object({ t: z.literal('unsub'), name: z.string().max(100) }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  /** First frame on a socket whose token was accepted: the page may send from now on. */
  | { t: 'hello' }
  | { t: 'res'; id: number; env: unknown }
  | { t: 'evt'; name: string; payload: unknown };

export const BRIDGE_PATH = '/fieldbench';

/** The close code our own page gets when its access token is not this run's (a stale bookmark). */
export const TOKEN_REFUSED = 4401;
