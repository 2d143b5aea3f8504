import { contract, isRequestName, type ParsedInput, type RequestName, type RequestOutput } from '../shared/contract';
import { toErrorData, zodIssues, type Envelope } from '../shared/errors';

/** One implementation per request of the contract; the compiler checks every name and every shape. */
export type Handlers = { [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>> };

/**
 * Validate and run one request from any transport. Never throws: unknown names and invalid inputs come back as
 * typed errors, and so does anything a handler throws.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Envelope<unknown>> {
  if (!isRequestName(name)) {
    return { ok: false, error: { code: 'unknown_request', message: `unknown request "${String(name).slice(0, 100)}"` } };
  }
  const parsed = contract.requests[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    const first = issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `invalid input for ${name}${first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
        issues,
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
