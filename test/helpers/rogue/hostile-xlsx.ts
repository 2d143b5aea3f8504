import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hostile workbooks made at test time, never committed: a part is `head`, then `unit` repeated until `size` bytes,
 * then `tail`. The repeated run is deflated once (a full flush: byte-aligned, no reference to what came before) and
 * its compressed bytes are laid down again and again, so a part of a gigabyte costs a few MB and no time to make.
 */
export interface HostilePart {
  head: string;
  unit: string;
  /** Inflated size of the repeated run, in bytes (rounded down to whole 1 MB blocks). */
  size: number;
  tail?: string;
}

const MB = 1024 * 1024;

function flushed(text: string | Uint8Array): Buffer {
  return deflateRawSync(text, { finishFlush: constants.Z_FULL_FLUSH });
}

function deflatePart(p: HostilePart): { data: Uint8Array; size: number } {
  const block = Buffer.from(p.unit.repeat(Math.ceil(MB / p.unit.length))).subarray(0, MB - (MB % p.unit.length));
  const blocks = Math.floor(p.size / block.length);
  const head = flushed(p.head);
  const one = flushed(block);
  const tail = deflateRawSync(p.tail ?? '');
  const data = new Uint8Array(head.length + one.length * blocks + tail.length);
  data.set(head, 0);
  for (let i = 0; i < blocks; i++) data.set(one, head.length + i * one.length);
  data.set(tail, head.length + one.length * blocks);
  return { data, size: Buffer.byteLength(p.head) + block.length * blocks + Buffer.byteLength(p.tail ?? '') };
}

/** A zip archive of deflated entries (CRCs left 0: the reader stops long before it could check one). */
function zip(entries: { name: string; data: Uint8Array; size: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const plain = (text: string): HostilePart => ({ head: text, unit: ' ', size: 0 });

/** A one-sheet workbook ("Map") whose sheet and shared strings are the parts given. */
export function hostileXlsx(parts: { sheet: HostilePart; sharedStrings?: HostilePart }): Uint8Array {
  const entries = [
    { name: '[Content_Types].xml', part: plain('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'xl/workbook.xml', part: plain(`<?xml version="1.0"?><workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Map" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', part: plain('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>') },
    ...(parts.sharedStrings ? [{ name: 'xl/sharedStrings.xml', part: parts.sharedStrings }] : []),
    { name: 'xl/worksheets/sheet1.xml', part: parts.sheet },
  ];
  return zip(entries.map((e) => ({ name: e.name, ...deflatePart(e.part) })));
}

/** The start of a sheet: a header row of inline strings, ready for rows. */
export function sheetHead(header: string[]): string {
  const cells = header.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('');
  return `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1">${cells}</row>`;
}

export const SHEET_END = '</sheetData></worksheet>';
export { MB };
