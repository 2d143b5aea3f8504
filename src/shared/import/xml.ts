/**
 * Just enough XML for spreadsheet parts, without a DOM (this runs in Node and the browser alike): attributes,
 * entities, and OOXML's _xHHHH_ escapes.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return Object.hasOwn(NAMED, body) ? NAMED[body]! : m;
  });
}

/** OOXML writes characters XML cannot hold as _xHHHH_ (a CR is _x000D_); a literal "_x" is itself escaped _x005F_x. */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9a-f]{4})_/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Attributes of a start tag's inside, local names (a prefix like r: is kept as written). */
export function attributes(tagInside: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tagInside); m; m = re.exec(tagInside)) out.set(m[1]!, decodeEntities(m[2] ?? m[3] ?? ''));
  return out;
}

/** The first attribute whose name is `local` or ends in ":local". */
export function attr(attrs: Map<string, string>, local: string): string | undefined {
  const direct = attrs.get(local);
  if (direct !== undefined) return direct;
  for (const [k, v] of attrs) if (k.endsWith(`:${local}`)) return v;
  return undefined;
}

/** Every start tag `<name ...>` (optionally prefixed) in the text, as attribute maps. */
export function elements(xml: string, name: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, 'g');
  const out: Map<string, string>[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(attributes(m[1]!));
  return out;
}

/** The text of every <t> in a fragment (shared string or inline string), skipping phonetic runs (<rPh>). */
export function runText(fragment: string): string {
  const body = fragment.includes('rPh') ? fragment.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '') : fragment;
  let out = '';
  const re = /<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1];
  return decodeOoxmlEscapes(decodeEntities(out));
}
