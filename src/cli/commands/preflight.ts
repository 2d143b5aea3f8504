import { parseArgs } from 'node:util';
import { preflightFor } from '../../gateway/preflight/preflight-for';
import { preflightText } from '../../gateway/preflight/report-text';
import { FieldbenchError } from '../../shared/errors';
import { cliCore } from '../cli-engine';
import { DEPLOY_FLAGS, planFromFlags } from '../deploy-flags';
import { readProjectFile } from '../project-file';

export const PREFLIGHT_HELP = `fieldbench preflight --project FILE [--target linux-x64|linux-arm64] [--broker URL [--user U --password-file F]
                     [--ca FILE]] [--group G] [--node N] [--writable KEY,KEY...] [--plaintext-reason TEXT] [--json]
  The pre-flight of a gateway export, IEC 62443-minded, without writing anything: every tag's checkout mark (verified,
  failed, unverified, by name), every device read once from this machine, TLS on the northbound link (plaintext to a
  non-loopback broker is an error unless --plaintext-reason says why), no anonymous access, no write without
  authorisation, certificate expiry, listening interfaces. One line per finding, or the report as JSON (--json).
  Exit 1 when any finding is an error (the export would be refused), 0 otherwise.`;

export async function preflightCommand(argv: string[], out: (l: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      target: { type: 'string' },
      ...DEPLOY_FLAGS,
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.project) throw new FieldbenchError('invalid_input', 'preflight needs --project FILE');
  const { project } = readProjectFile(values.project);
  const plan = planFromFlags(project, values);
  const core = cliCore(project);
  try {
    const report = await preflightFor(core, project, plan, { target: values.target ?? null, plaintextReason: values['plaintext-reason'] });
    if (values.json) out(JSON.stringify(report, null, 2));
    else for (const l of preflightText(report)) out(l);
    return report.counts.error ? 1 : 0;
  } finally {
    await core.close();
  }
}
