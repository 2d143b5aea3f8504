import type { OpcUaSession } from './session';
import { request } from './request';
import { BuiltIn, builtInName } from './values';

const HAS_SUBTYPE = 'i=45';
const ENUMERATION = 'i=29';
const INVERSE = 1;
const BROWSE_NAME = 3;

/**
 * The built-in type a DataType is carried as on the wire: itself when built in, else the built-in type it derives
 * from (UtcTime -> DateTime, Duration -> Double, an enumeration -> Int32), found by following HasSubtype up; null for
 * a structure, a Variant, or a type the server does not describe: nothing an operator can type in.
 */
export async function builtInOf(session: OpcUaSession, typeId: string): Promise<number | null> {
  let id = typeId.replace(/^ns=0;/, '');
  for (let hop = 0; hop < 8; hop++) {
    const m = /^i=(\d+)$/.exec(id);
    if (m && builtInName(Number(m[1]))) return Number(m[1]) >= BuiltIn.ExtensionObject ? null : Number(m[1]);
    if (id === ENUMERATION) return BuiltIn.Int32;
    const [r] = await request(session, 'Browse', (s) => s.browse([{ nodeId: id, referenceTypeId: HAS_SUBTYPE, browseDirection: INVERSE, includeSubtypes: false, nodeClassMask: 0, resultMask: 63 }]));
    const parent = r?.references?.[0]?.nodeId.toString().replace(/^ns=0;/, '');
    if (!parent) return null;
    id = parent;
  }
  return null;
}

/** A DataType's name: a built-in type by its number, any other by its BrowseName. */
export async function dataTypeName(session: OpcUaSession, typeId: string): Promise<string> {
  const m = /^(?:ns=0;)?i=(\d+)$/.exec(typeId);
  const known = m ? builtInName(Number(m[1])) : null;
  if (known) return known;
  const [dv] = await request(session, 'Read', (s) => s.read([{ nodeId: typeId, attributeId: BROWSE_NAME }]));
  const name = dv?.statusCode.isGood() ? (dv.value.value as { name?: string } | null)?.name : undefined;
  return name ?? typeId;
}
