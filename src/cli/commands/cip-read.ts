import path from 'node:path';
import { parseArgs } from 'node:util';
import { sourceFromName } from '../../engine/cip/epath';
import { defaultDirs } from '../../engine/options';
import { FieldbenchError } from '../../shared/errors';
import { CLI_DEVICE_ID, cliCore, singleCipProject } from '../cli-engine';
import { CIP_HELP, CIP_OPTIONS, cipFromFlags } from './cip-flags';

export const CIP_READ_HELP = `fieldbench read --cip HOST[:PORT] --tag NAME [--tag NAME ...] [--count N] [--type BOOL] [--slot N] [--json]
                Logix tags through the engine, as the app reads them (batched in Multiple Service Packets where the
                controller takes them): NAME is Tag, Tag[3], Udt.Member or Program:Main.Tag. A UDT tag reads whole,
                as its members. --count N: N elements from Tag[i] in one Read Tag. --type BOOL: Tag[i] is a BOOL
                array's element (Logix packs those 32 to a DWORD)
${CIP_HELP}`;

/** `read --cip`: the tags of a one-controller project, read once through the engine core. */
export async function cipReadCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...CIP_OPTIONS, tag: { type: 'string', multiple: true }, count: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean', default: false }, home: { type: 'string' } }, strict: true });
  const names = values.tag ?? [];
  if (!names.length) throw new FieldbenchError('invalid_input', '--tag NAME is required (such as Motor_Speed, Counts[3] or Drive.Status)');
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 4000)) throw new FieldbenchError('invalid_input', `--count takes 1 to 4000 elements, not "${values.count}"`);
  const project = singleCipProject(
    cipFromFlags(values),
    names.map((n, i) => {
      const source = sourceFromName(n);
      if (count !== undefined && count > 1) {
        if (!source.element && !/\]$/.test(source.member ?? '')) throw new FieldbenchError('invalid_input', `--count reads elements from an array element: ${n}[0], not ${n}`);
        source.count = count;
      }
      if (values.type) source.dataType = values.type.toUpperCase();
      return { name: `${i + 1}`, source };
    }),
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
