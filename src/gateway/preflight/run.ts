import type { PreflightReport } from '../../shared/contract/gateway';
import { checkAccess } from './checks/access';
import { checkCertificates } from './checks/certificates';
import { checkConfigValid } from './checks/config';
import { checkListening } from './checks/listening';
import { checkReachability } from './checks/reachability';
import { checkSerial } from './checks/serial';
import { checkTags } from './checks/tags';
import { checkTls } from './checks/tls';
import { checkWrites } from './checks/writes';
import type { PreflightCheck, PreflightInput } from './types';

/** The checks in report order: what the gateway carries, what it reaches, then how it is exposed. */
const CHECKS: PreflightCheck[] = [checkTags, checkReachability, checkSerial, checkTls, checkAccess, checkWrites, checkCertificates, checkListening];

const ORDER = { error: 0, warning: 1, ok: 2 } as const;

/** The pre-flight: a pure report over the project, the gateway config and the facts the engine gathered. */
export function runPreflight(given: PreflightInput, target: string | null = null): PreflightReport {
  const input = { ...given, target };
  const { parsed, findings } = checkConfigValid(input);
  for (const check of CHECKS) findings.push(...check(input, parsed));
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i).map((x) => x.f);
  const count = (s: keyof typeof ORDER) => sorted.filter((f) => f.severity === s).length;
  return {
    format: 'fieldbench-preflight',
    version: 1,
    project: input.project.name,
    target,
    generatedAt: new Date(input.now).toISOString(),
    counts: { error: count('error'), warning: count('warning'), ok: count('ok') },
    findings: sorted,
  };
}
