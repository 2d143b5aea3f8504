import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as source from '../../src/shared/codec';
import type { TagCodecSpec, TagCodecSpecInput, TagValue } from '../../src/shared/codec';
import { opsPerSecond, result, type Bench } from './bench';

type Codec = typeof source;
type DecodeTag = Codec['decodeTag'];

/**
 * The codec as it ships: the engine, CLI, gateway and renderer all run it bundled (esbuild / Vite), where a call
 * from one codec file into another is a plain call. Run from source, tsx turns every file into CommonJS and each
 * cross-file call goes through an export getter, which costs more than the decode itself; that number is
 * reported too (sourceValue), but the headline is the bundle.
 */
async function bundledCodec(): Promise<Codec> {
  const out = await build({ entryPoints: [path.join(__dirname, '../../src/shared/codec/index.ts')], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', write: false, logLevel: 'warning' });
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldbench-codec-'));
  try {
    const file = path.join(dir, 'codec.mjs');
    writeFileSync(file, out.outputFiles[0]!.text);
    return (await import(pathToFileURL(file).href)) as Codec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One block of a power meter / inverter map: the mix of types a real register map has. */
const MIX: [count: number, spec: TagCodecSpecInput, value: TagValue][] = [
  [10, { type: 'float32', order: 'CDAB' }, 230.1],
  [10, { type: 'float32', order: 'ABCD' }, 49.98],
  [20, { type: 'uint16', scale: 0.1 }, 400.5],
  [10, { type: 'int16', scale: 0.01 }, -12.34],
  [6, { type: 'int32' }, -123456],
  [4, { type: 'uint32', order: 'CDAB', sentinel: 'sunspec-acc' }, 987654321],
  [2, { type: 'uint64' }, 123456789012345n],
  [4, { type: 'uint16', sfAddress: 114, sentinel: 'sunspec' }, 12.5],
  [2, { type: 'bcd16' }, 1234],
  [1, { type: 'enum16', labels: { '1': 'Off', '2': 'Sleeping', '4': 'MPPT' } }, 4],
  [1, { type: 'bitfield16', flags: { '0': 'Ground fault', '3': 'Over temperature' } }, ['Over temperature', 'bit 5']],
  [1, { type: 'string', length: 8 }, 'Fronius Symo'],
];
const SF_WORD = 0xffff; // scale factor -1

interface Placed {
  spec: TagCodecSpec;
  at: number;
}

function buildBlock({ codecSpec, encodeTag }: Codec): { regs: number[]; tags: Placed[] } {
  const regs: number[] = [];
  const tags: Placed[] = [];
  for (const [count, input, value] of MIX) {
    const spec = codecSpec(input);
    for (let i = 0; i < count; i++) {
      tags.push({ spec, at: regs.length });
      regs.push(...encodeTag(value, spec, { sf: SF_WORD }));
    }
  }
  regs.push(SF_WORD); // the scale-factor register itself, at 114
  if (regs.length !== 115) throw new Error(`the block should be 115 registers, is ${regs.length}`);
  return { regs, tags };
}

/** The codec under test: decodeTag over each tag of the block, without slicing. */
function decodeAll(decodeTag: DecodeTag, regs: readonly number[], tags: readonly Placed[], out: unknown[]): void {
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]!;
    const r = decodeTag(regs, t.spec, { at: t.at, sf: regs[114] });
    out[i] = r.kind === 'value' ? r.value : r;
  }
}

/**
 * The baseline: what a hand-written decoder does for the same block — registers into a Buffer, then
 * Buffer.readFloatBE / readUInt16BE & co. per tag (word swaps done by hand), no sentinels, no result objects.
 */
function naiveAll(regs: readonly number[], tags: readonly Placed[], out: unknown[]): void {
  const buf = Buffer.allocUnsafe(regs.length * 2);
  for (let i = 0; i < regs.length; i++) buf.writeUInt16BE(regs[i]!, i * 2);
  const tmp = Buffer.allocUnsafe(4);
  for (let i = 0; i < tags.length; i++) {
    const { spec, at } = tags[i]!;
    const o = at * 2;
    switch (spec.type) {
      case 'float32':
        if (spec.order === 'CDAB') {
          tmp.writeUInt16BE(buf.readUInt16BE(o + 2), 0);
          tmp.writeUInt16BE(buf.readUInt16BE(o), 2);
          out[i] = tmp.readFloatBE(0);
        } else out[i] = buf.readFloatBE(o);
        break;
      case 'uint16':
        if (spec.sfAddress === undefined) out[i] = buf.readUInt16BE(o) / 10;
        else {
          const sf = buf.readInt16BE(spec.sfAddress * 2);
          out[i] = sf < 0 ? buf.readUInt16BE(o) / 10 ** -sf : buf.readUInt16BE(o) * 10 ** sf;
        }
        break;
      case 'int16':
        out[i] = buf.readInt16BE(o) / 100;
        break;
      case 'int32':
        out[i] = buf.readInt32BE(o);
        break;
      case 'uint32':
        out[i] = buf.readUInt16BE(o + 2) * 65536 + buf.readUInt16BE(o);
        break;
      case 'uint64':
        out[i] = buf.readBigUInt64BE(o);
        break;
      case 'bcd16': {
        const w = buf.readUInt16BE(o);
        out[i] = (w >> 12) * 1000 + ((w >> 8) & 15) * 100 + ((w >> 4) & 15) * 10 + (w & 15);
        break;
      }
      case 'enum16':
        out[i] = buf.readUInt16BE(o);
        break;
      case 'bitfield16': {
        const w = buf.readUInt16BE(o);
        const names: string[] = [];
        for (let b = 0; b < 16; b++) if ((w >> b) & 1) names.push(spec.flags?.[b] ?? `bit ${b}`);
        out[i] = names;
        break;
      }
      case 'string':
        out[i] = buf.toString('latin1', o, o + (spec.length ?? 0) * 2).replace(/\0.*$/s, '').trimEnd();
        break;
      default:
        throw new Error(`baseline has no ${spec.type}`);
    }
  }
}

const PASSES = 200;
const sameValue = (x: unknown, y: unknown) =>
  typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) < 1e-9 : JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(y, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** Values decoded per second through decodeTag for a realistic 115-register block, against a naive Buffer loop. */
export const bench: Bench = {
  name: 'decode-values-per-second',
  async run() {
    const bundled = await bundledCodec();
    const { regs, tags } = buildBlock(bundled);
    const a: unknown[] = new Array(tags.length);
    const b: unknown[] = new Array(tags.length);
    const decoders: [string, DecodeTag][] = [
      ['bundled', bundled.decodeTag],
      ['source', source.decodeTag],
    ];
    naiveAll(regs, tags, b);
    for (const [name, decode] of decoders) {
      decodeAll(decode, regs, tags, a);
      tags.forEach((t, i) => {
        if (!sameValue(a[i], b[i])) throw new Error(`${name} decodeTag and the baseline disagree on tag ${i} (${t.spec.type}): ${String(a[i])} vs ${String(b[i])}`);
      });
    }
    const perOp = PASSES * tags.length;
    const rate = async (pass: () => void) => perOp * (await opsPerSecond(async () => pass()));
    const bundledRate = await rate(() => {
      for (let p = 0; p < PASSES; p++) decodeAll(bundled.decodeTag, regs, tags, a);
    });
    const naiveRate = await rate(() => {
      for (let p = 0; p < PASSES; p++) naiveAll(regs, tags, b);
    });
    const sourceRate = await rate(() => {
      for (let p = 0; p < PASSES; p++) decodeAll(source.decodeTag, regs, tags, a);
    });
    return result(this.name, bundledRate, 'values/s', 'naive Buffer.read*BE loop', naiveRate, {
      measured: 'decodeTag from the esbuild bundle of src/shared/codec',
      sourceValue: Math.round(sourceRate),
      sourceNote: 'decodeTag run from source under tsx (per-file CommonJS export getters)',
      tagsPerBlock: tags.length,
      registersPerBlock: regs.length,
      types: [...new Set(tags.map((t) => t.spec.type))].join(','),
      registersPerTag: Math.round((tags.reduce((n, t) => n + bundled.tagWidth(t.spec), 0) / tags.length) * 100) / 100,
    });
  },
};
