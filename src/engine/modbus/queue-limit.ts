import { FieldbenchError } from '../../shared/errors';

/**
 * Requests one master holds waiting, at most: far above what one scan of a 50,000-tag map queues (about 400 blocks),
 * far below what a runaway client could pile up. A device that does not answer holds each request for its timeout, so
 * an unbounded queue only turns one fault into minutes of waiting and hundreds of megabytes.
 */
export const MAX_QUEUED_REQUESTS = 1024;

export function queueFull(where: string): FieldbenchError {
  return new FieldbenchError('busy', `${where} already has ${MAX_QUEUED_REQUESTS} requests waiting; try again when they are answered (a device that does not answer holds each one for its timeout)`);
}
