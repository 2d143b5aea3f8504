import { UnreadableFileError } from './problems';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
}

const SNIFF = 64 * 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

/** A clear word for binary formats people save register maps in by mistake; undefined for anything else. */
export function knownBinary(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return 'this is a legacy Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV and import that';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'this is a PDF; copy the register table into a spreadsheet and save it as .xlsx or CSV';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'this is a gzip archive; unpack it first';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return 'this is a 7z/RAR archive; unpack it first';
  return undefined;
}

function decoder(label: string, fatal: boolean): { decode(bytes: Uint8Array): string } | undefined {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: false });
  } catch {
    return undefined;
  }
}

/** Share of characters in the first 64K that no text file has: NUL and other C0 controls besides tab/CR/LF. */
function controlShare(text: string): number {
  const n = Math.min(text.length, SNIFF);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / n;
}

/**
 * Bytes to text: UTF-8 with or without BOM, UTF-16 with a BOM (Excel's "Unicode text"), and Windows-1252 for the
 * ANSI CSV that Excel writes on a European Windows (°C as 0xB0). Binary input is refused with one clear error.
 */
export function decodeText(input: Uint8Array | string): DecodedText {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff;
    const text = bom ? input.slice(1) : input;
    checkText(text);
    return { text, encoding: 'utf-8', bom };
  }
  const binary = knownBinary(input);
  if (binary) throw new UnreadableFileError(binary);
  let result: DecodedText;
  if (startsWith(input, [0xff, 0xfe]) || startsWith(input, [0xfe, 0xff])) {
    const encoding: TextEncoding = input[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = (decoder(encoding, false) ?? new TextDecoder()).decode(input.subarray(2));
    result = { text, encoding, bom: true };
  } else {
    const bom = startsWith(input, [0xef, 0xbb, 0xbf]);
    const body = bom ? input.subarray(3) : input;
    for (let i = 0, n = Math.min(body.length, SNIFF); i < n; i++) {
      if (body[i] === 0) throw new UnreadableFileError('this is not a text file (it contains NUL bytes): expected CSV, XLSX or JSON');
    }
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
      result = { text, encoding: 'utf-8', bom };
    } catch {
      const cp1252 = decoder('windows-1252', false) ?? new TextDecoder('latin1');
      result = { text: cp1252.decode(body), encoding: 'windows-1252', bom: false };
    }
  }
  checkText(result.text);
  return result;
}

function checkText(text: string): void {
  if (!/\S/.test(text)) throw new UnreadableFileError('the file is empty');
  if (controlShare(text) > 0.01) throw new UnreadableFileError('this is not a text file (binary data): expected CSV, XLSX or JSON');
}
