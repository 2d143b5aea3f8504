/**
 * Errors that cross the contract are plain data: a code the UI can branch on, a message a person can read,
 * and optional details (for invalid input: the path and reason of each problem).
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_request',
  'not_found',
  'already_exists',
  'connection_failed',
  'timeout',
  'modbus_exception',
  'protocol_error',
  'io_error',
  'unsupported',
  'forbidden',
  'cancelled',
  /** Too much work queued already (a connection's request queue, a client's requests in flight): try again later. */
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface FieldbenchErrorData {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

/** The one error type thrown by clients of the contract and by engine handlers. */
export class FieldbenchError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'FieldbenchError';
    this.code = code;
    this.issues = issues;
  }

  toData(): FieldbenchErrorData {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static from(data: FieldbenchErrorData): FieldbenchError {
    return new FieldbenchError(data.code, data.message, data.issues);
  }
}

/** What a request returns over any transport. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: FieldbenchErrorData };

export function toErrorData(err: unknown): FieldbenchErrorData {
  if (err instanceof FieldbenchError) return err.toData();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** A schema error's problems as contract issues: each with its dotted path ("tags.3.source.address") and reason. */
export function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
