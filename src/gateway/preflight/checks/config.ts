import { zodIssues } from '../../../shared/errors';
import { GatewayConfig } from '../../../shared/gateway/config';
import { secretPaths } from '../../../shared/project/summary';
import { error, ok } from '../finding';
import type { PreflightFinding, PreflightInput } from '../types';

const WRITE_RULE = /^tagMaps\.\d+\.tags\.\d+\.access$/;

/** The gateway config against its schema and cross-field rules (what `gateway check` says), and no inline secret. */
export function checkConfigValid(input: PreflightInput): { parsed: GatewayConfig | null; findings: PreflightFinding[] } {
  const findings: PreflightFinding[] = secretPaths(input.config).map((p) =>
    error('config', 'a secret is written into gateway.json', p, 'name a file that holds it (credentials.passwordFile), never the secret itself'),
  );
  const parsed = GatewayConfig.safeParse(input.config);
  if (!parsed.success) {
    // An unauthorised read-write tag is the writes check's finding, by tag name; the rest are said here by path.
    for (const i of zodIssues(parsed.error).filter((x) => !WRITE_RULE.test(x.path))) findings.push(error('config', i.message, i.path || '(gateway.json)', 'fix the project or the export settings so this path is valid'));
    return { parsed: null, findings };
  }
  if (!findings.length) findings.push(ok('config', 'gateway.json passes its schema and every cross-field rule', 'gateway.json'));
  return { parsed: findings.length ? null : parsed.data, findings };
}
