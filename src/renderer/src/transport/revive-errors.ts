import type { FieldbenchApi } from '../../../shared/api';
import { requestMethodName } from '../../../shared/api';
import { REQUEST_NAMES } from '../../../shared/contract';
import { ERROR_CODES, FieldbenchError, type FieldbenchErrorData } from '../../../shared/errors';

/** The plain-data shape the preload rejects with: contextBridge strips Error classes, so the code travels as data. */
function isErrorData(err: unknown): err is FieldbenchErrorData & { name?: string } {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Record<string, unknown>;
  return typeof e['code'] === 'string' && (ERROR_CODES as readonly string[]).includes(e['code']) && typeof e['message'] === 'string';
}

/** Turn whatever a request rejected with back into a FieldbenchError when it carries one's data. */
export function reviveError(err: unknown): unknown {
  if (err instanceof FieldbenchError) return err;
  if (!isErrorData(err)) return err;
  const issues = Array.isArray(err.issues)
    ? err.issues.filter((i) => i && typeof i.path === 'string' && typeof i.message === 'string').map((i) => ({ path: i.path, message: i.message }))
    : undefined;
  return FieldbenchError.from(issues ? { code: err.code, message: err.message, issues } : { code: err.code, message: err.message });
}

/**
 * Wrap the API the Electron preload exposes so every rejection is a FieldbenchError again, as it is in web mode.
 * Code that checks `instanceof FieldbenchError` (form field errors, "cancelled" dialogs) then works in both hosts.
 * Event subscriptions pass through unchanged.
 */
export function withRevivedErrors(exposed: FieldbenchApi): FieldbenchApi {
  const source = exposed as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) out[key] = source[key];
  for (const name of REQUEST_NAMES) {
    const key = requestMethodName(name);
    const call = source[key];
    if (typeof call !== 'function') continue;
    out[key] = (input: unknown) =>
      Promise.resolve()
        .then(() => (call as (i: unknown) => Promise<unknown>)(input))
        .catch((err: unknown) => {
          throw reviveError(err);
        });
  }
  return Object.freeze(out) as unknown as FieldbenchApi;
}
