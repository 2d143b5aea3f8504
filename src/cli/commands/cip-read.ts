import path from 'node:path';
import { parseArgs } from 'node:util';
import { sourceFromName } from '../../engine/cip/epath';
import { defaultDirs } from '../../engine/options';
import { FieldbenchError } from '../../shared/errors';
import { CLI_DEVICE_ID, cliCore, singleCipProject } from '../cli-engine';
import { CIP_HELP, CIP_OPTIONS, cipFromFlags } from './cip-flags';

export const CIP_READ_HELP = `fieldbench read --cip HOST[:PORT] --tag NAME [--tag NAME ...] [--slot N] [--json]
                Logix tags through the engine, as the app reads them (batched in Multiple Service Packets where the
                controller takes them): NAME is Tag, Tag[3], Udt.Member or Program:Main.Tag
${CIP_HELP}`;

/** `read --cip`: the tags of a one-controller project, read once through the engine core. */
export async function cipReadCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...CIP_OPTIONS, tag: { type: 'string', multiple: true }, json: { type: 'boolean', default: false }, home: { type: 'string' } }, strict: true });
  const names = values.tag ?? [];
  if (!names.length) throw new FieldbenchError('invalid_input', '--tag NAME is required (such as Motor_Speed, Counts[3] or Drive.Status)');
  const project = singleCipProject(
    cipFromFlags(values),
    names.map((n, i) => ({ name: `${i + 1}`, source: sourceFromName(n) })),
  );
  const core = cliCore(project, values.home ? path.join(values.home, 'data') : defaultDirs().dataDir);
  try {
    const readings = await core.readOnce(CLI_DEVICE_ID);
    let bad = 0;
    for (const r of readings.sort((a, b) => Number(a.name) - Number(b.name))) {
      const tag = names[Number(r.name) - 1]!;
      if (r.quality.status !== 'good') bad++;
      if (values.json) out(JSON.stringify({ tag, value: r.value, quality: r.quality }));
      else out(`${tag}  ${JSON.stringify(r.value)}  ${r.quality.status}${r.quality.reason ? ` (${r.quality.reason})` : ''}`);
    }
    return bad ? 1 : 0;
  } finally {
    await core.close();
  }
}
