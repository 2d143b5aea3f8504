import path from 'node:path';
import { parseArgs } from 'node:util';
import { sourceFromName } from '../../engine/cip/epath';
import { defaultDirs } from '../../engine/options';
import { FieldbenchError } from '../../shared/errors';
import { CLI_MAP_ID, cliCore, singleCipProject } from '../cli-engine';
import { CIP_HELP, CIP_OPTIONS, cipFromFlags } from './cip-flags';

export const CIP_WRITE_HELP = `fieldbench write --cip HOST[:PORT] --tag NAME --value V [--type BOOL] [--slot N] [--note TEXT] --confirm
                 one Write Tag of a Logix tag element or UDT member, coerced to the type the controller reports;
                 with --type BOOL, NAME[i] is one BOOL of a BOOL array (Read-Modify-Write Tag of its DWORD)
${CIP_HELP}`;

/** Exit code when a write was refused for want of --confirm (the same as a Modbus write's). */
const EXIT_NOT_CONFIRMED = 3;

/** `write --cip`: the tag as a read-write tag of a one-controller project, written through the one write path. */
export async function cipWriteCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CIP_OPTIONS, tag: { type: 'string' }, value: { type: 'string' }, type: { type: 'string' }, note: { type: 'string' }, confirm: { type: 'boolean', default: false }, home: { type: 'string' } },
    strict: true,
  });
  if (!values.tag) throw new FieldbenchError('invalid_input', '--tag NAME is required');
  if (values.value === undefined) throw new FieldbenchError('invalid_input', '--value is required');
  const source = sourceFromName(values.tag);
  if (values.type) source.dataType = values.type.toUpperCase();
  const project = singleCipProject(cipFromFlags(values), [{ name: 'tag', access: 'read-write', source }]);
  const dataDir = values.home ? path.join(values.home, 'data') : defaultDirs().dataDir;
  const core = cliCore(project, dataDir);
  try {
    const t = await core.prepareWrite({ tagKey: `${CLI_MAP_ID}/tag`, value: values.value, note: values.note ?? 'fieldbench write (command line)' });
    const d = t.detail;
    if (d.protocol !== 'cip') throw new FieldbenchError('internal', `a CIP write came back as a ${d.protocol} write`);
    const now = t.oldValue === null ? `unreadable (${t.oldQuality})` : JSON.stringify(t.oldValue);
    out(`${t.target}: current ${now} -> new ${JSON.stringify(t.newValue)} (${source.dataType === 'BOOL' && source.element ? 'Read-Modify-Write Tag' : 'Write Tag'} ${d.dataType}, sends ${d.dataHex})`);
    if (!values.confirm) {
      core.cancelWrite(t.ticketId);
      out('Not written: add --confirm to send this write.');
      return EXIT_NOT_CONFIRMED;
    }
    const done = await core.confirmWrite(t.ticketId);
    out(`Written.${done.readBackValue !== null ? ` Read back ${JSON.stringify(done.readBackValue)}.` : ' (read-back failed)'}`);
    return 0;
  } finally {
    await core.close();
  }
}
