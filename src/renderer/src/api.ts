import type { FieldbenchApi } from '../../shared/api';
import type { ApiHandle } from './transport';

let handle: ApiHandle | null = null;

/** Set once at start-up by boot(); stores call the engine through api(). */
export function setApiHandle(h: ApiHandle): void {
  handle = h;
}

export function api(): FieldbenchApi {
  if (!handle) throw new Error('the Fieldbench API is not connected yet');
  return handle.api;
}

export function apiHandle(): ApiHandle | null {
  return handle;
}
