import { GOOD, type Quality } from '../../shared/quality';

/** The parts of an OPC UA StatusCode the engine needs: its 32-bit value and its name (BadNodeIdUnknown...). */
export interface StatusLike {
  readonly value: number;
  readonly name: string;
}

export type Severity = 'good' | 'uncertain' | 'bad';

/** The severity in the two top bits of a StatusCode: 00 Good, 01 Uncertain, 10 and 11 Bad. */
export function severityOf(code: StatusLike): Severity {
  const s = (code.value >>> 30) & 3;
  return s === 0 ? 'good' : s === 1 ? 'uncertain' : 'bad';
}

/** A StatusCode's name, or its value in hex when the name is unknown. */
export function statusName(code: StatusLike): string {
  return code.name && !/^Unknown/i.test(code.name) ? code.name : `0x${(code.value >>> 0).toString(16).padStart(8, '0')}`;
}

/** A reading's quality from its StatusCode: Good, or Uncertain / Bad with the StatusCode's name as the reason. */
export function qualityOf(code: StatusLike): Quality {
  const severity = severityOf(code);
  return severity === 'good' ? GOOD : { status: severity, reason: statusName(code) };
}
