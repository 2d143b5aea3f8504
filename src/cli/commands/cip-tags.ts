import { parseArgs } from 'node:util';
import { CipSession } from '../../engine/cip/session';
import { browseTags } from '../../engine/cip/taglist';
import { CIP_HELP, CIP_OPTIONS, cipFromFlags } from './cip-flags';

export const CIP_TAGS_HELP = `fieldbench tags --cip HOST[:PORT] [--slot N] [--json]
  A Logix controller's tag list with types (Symbol object and templates): controller and program scope, arrays
  with their dimensions, UDT tags expanded into their members; one line (or JSON object) per tag or member.
${CIP_HELP}`;

/** `tags --cip`: the tag list, one line per tag or member. */
export async function cipTagsCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...CIP_OPTIONS, json: { type: 'boolean', default: false } }, strict: true });
  const session = new CipSession(cipFromFlags(values));
  try {
    const tags = await browseTags(session);
    for (const t of tags) {
      if (values.json) out(JSON.stringify(t));
      else out(`${t.name}  ${t.dataType}${t.dims.length ? `[${t.dims.join(',')}]` : ''}${t.member ? '' : `  (${t.scope})`}`);
    }
    return 0;
  } finally {
    await session.close();
  }
}
