import { FieldbenchError, type ErrorCode } from '../../shared/errors';
import type { CertificateInfo } from './cert-info';

export type CertificateProblem = 'untrusted' | 'rejected' | 'expired' | 'not yet valid' | 'uri mismatch' | 'revoked' | 'invalid';

/**
 * A server certificate Fieldbench will not accept, with everything the operator needs to decide: the endpoint, the
 * certificate's subject, issuer, thumbprint, validity and application URI, and what is wrong with it.
 */
export class OpcUaCertificateError extends FieldbenchError {
  constructor(
    readonly endpointUrl: string,
    readonly certificate: CertificateInfo,
    readonly problem: CertificateProblem,
    message: string,
  ) {
    super('forbidden', message);
    this.name = 'OpcUaCertificateError';
  }
}

/** The server closed the secure channel while it was opened: most often it does not trust our certificate. */
export class OpcUaClientRejectedError extends FieldbenchError {
  constructor(
    readonly endpointUrl: string,
    readonly ownThumbprint: string,
    message: string,
  ) {
    super('forbidden', message);
    this.name = 'OpcUaClientRejectedError';
  }
}

const STATUS_NAME = /\b(Bad[A-Za-z]+|Uncertain[A-Za-z]+)\b/;

/** The first StatusCode name in a node-opcua error message ("... BadUserAccessDenied (0x801f0000)"). */
export function statusNameIn(message: string): string | null {
  return STATUS_NAME.exec(message)?.[1] ?? null;
}

/**
 * A node-opcua failure as a FieldbenchError naming what was being done and where: "connect to opc.tcp://h:4840:
 * connection refused (nothing listens there)". A FieldbenchError passes through unchanged.
 */
export function opcuaError(err: unknown, what: string): FieldbenchError {
  if (err instanceof FieldbenchError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0]!.trim();
  let code: ErrorCode = 'protocol_error';
  let reason = first;
  if (/ECONNREFUSED/.test(message)) {
    code = 'connection_failed';
    reason = 'connection refused (nothing listens there)';
  } else if (/ENOTFOUND|EAI_AGAIN/.test(message)) {
    code = 'connection_failed';
    reason = 'host name not found';
  } else if (/EHOSTUNREACH|ENETUNREACH/.test(message)) {
    code = 'connection_failed';
    reason = 'host unreachable';
  } else if (/ETIMEDOUT|timeout|timed out|BadTimeout/i.test(message)) {
    code = 'timeout';
    reason = `no answer in time (${statusNameIn(message) ?? 'timeout'})`;
  } else if (/premature disconnection|socket has been disconnected|ECONNRESET|EPIPE|BadConnectionClosed|BadSecureChannelClosed/.test(message)) {
    code = 'connection_failed';
    reason = `the connection was closed (${statusNameIn(message) ?? first})`;
  } else {
    const status = statusNameIn(message);
    if (status === 'BadUserAccessDenied' || status === 'BadIdentityTokenRejected' || status === 'BadIdentityTokenInvalid') code = 'forbidden';
    if (status) reason = first.startsWith(status) ? first : `${status}: ${first}`;
  }
  return new FieldbenchError(code, `${what}: ${reason}`);
}
