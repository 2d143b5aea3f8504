import { decodeBcd } from './bcd';
import { enumLabel, setFlags } from './bitfields';
import { type BigIntType, type NumberType, decodeBigInt, decodeNumber, load, readWord, scratch } from './registers';
import { applyScaling, hasScaling } from './scaling';
import { isFloatSentinel, isScratchSentinel64, isSentinel16, isSentinel32, isStringSentinel } from './sentinels';
import type { TagCodecSpec } from './spec';
import { decodeString } from './strings';
import { millisToIso, secondsToIso } from './time';
import { type ByteOrder, type DecodeResult, NOT_IMPLEMENTED, TAG_WIDTH, type ValueResult, decodeError, normalizeOrder } from './types';

export interface DecodeContext {
  /** Index in regs of the tag's first register (default 0), so a block read is decoded without slicing. */
  at?: number;
  /** The raw word of the SunSpec scale-factor register, for a spec with sfAddress. */
  sf?: number;
}

const TRUE: ValueResult = Object.freeze({ kind: 'value', value: true });
const FALSE: ValueResult = Object.freeze({ kind: 'value', value: false });

/**
 * Decode one tag from registers in wire order. Never throws for data a device can send: too few registers,
 * bad BCD digits, an unreadable scale factor or an impossible date come back as { kind: 'error', reason }, and
 * SunSpec sentinels as { kind: 'not-implemented' }.
 */
export function decodeTag(regs: readonly number[], spec: TagCodecSpec, ctx?: DecodeContext): DecodeResult {
  const at = ctx?.at ?? 0;
  const type = spec.type;
  const width = type === 'string' ? (spec.length ?? 0) : TAG_WIDTH[type];
  if (width === 0) return decodeError('a string needs its length in registers');
  if (!(at >= 0) || regs.length - at < width) return decodeError(`${type} needs ${width} registers, got ${Math.max(0, regs.length - at)}`);
  const order = normalizeOrder(spec.order);
  const mode = spec.sentinel;
  switch (type) {
    case 'bool':
      return (regs[at]! & 0xffff) !== 0 ? TRUE : FALSE;
    case 'bit': {
      const word = readWord(regs, at, order);
      if (isSentinel16(word, false, mode)) return NOT_IMPLEMENTED;
      return ((word >> (spec.bit ?? 0)) & 1) === 1 ? TRUE : FALSE;
    }
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'float64':
      return decodeScalar(regs, at, type, order, spec, ctx?.sf);
    case 'int64':
    case 'uint64':
      return decode64(regs, at, type, order, spec, ctx?.sf);
    case 'string':
      if (isStringSentinel(regs, at, width, mode)) return NOT_IMPLEMENTED;
      return { kind: 'value', value: decodeString(regs, at, width, order) };
    case 'bcd16':
    case 'bcd32': {
      const bcd = decodeBcd(type === 'bcd16' ? readWord(regs, at, order) : u32(regs, at, order), type === 'bcd16' ? 4 : 8);
      if (!bcd.ok) return decodeError(bcd.reason);
      return hasScaling(spec) ? applyScaling(bcd.value, spec, ctx?.sf) : { kind: 'value', value: bcd.value };
    }
    case 'unix32s': {
      const seconds = u32(regs, at, order);
      if (isSentinel32(seconds, false, mode)) return NOT_IMPLEMENTED;
      return timeResult(secondsToIso(seconds));
    }
    case 'unix64ms': {
      const ms = decodeBigInt(regs, 'int64', order, at);
      if (isScratchSentinel64(true, mode)) return NOT_IMPLEMENTED;
      return timeResult(millisToIso(ms));
    }
    case 'enum16':
    case 'enum32': {
      const raw = type === 'enum16' ? readWord(regs, at, order) : u32(regs, at, order);
      if (type === 'enum16' ? isSentinel16(raw, false, mode) : isSentinel32(raw, false, mode)) return NOT_IMPLEMENTED;
      const label = enumLabel(spec.labels, raw);
      return label === undefined ? { kind: 'value', value: raw } : { kind: 'value', value: raw, label };
    }
    case 'bitfield16':
    case 'bitfield32': {
      const bits = type === 'bitfield16' ? readWord(regs, at, order) : u32(regs, at, order);
      if (type === 'bitfield16' ? isSentinel16(bits, false, mode) : isSentinel32(bits, false, mode)) return NOT_IMPLEMENTED;
      return { kind: 'value', value: setFlags(bits, type === 'bitfield16' ? 16 : 32, spec.flags) };
    }
  }
}

function u32(regs: readonly number[], at: number, order: ByteOrder): number {
  load(regs, at, 2, order);
  return scratch.getUint32(0);
}

function decodeScalar(regs: readonly number[], at: number, type: NumberType, order: ByteOrder, spec: TagCodecSpec, sf: number | undefined): DecodeResult {
  const v = decodeNumber(regs, type, order, at);
  const mode = spec.sentinel;
  if (mode !== 'none') {
    const sentinel =
      type === 'float32' || type === 'float64'
        ? isFloatSentinel(v, mode)
        : type === 'int16' || type === 'uint16'
          ? isSentinel16(scratch.getUint16(0), type === 'int16', mode)
          : isSentinel32(scratch.getUint32(0), type === 'int32', mode);
    if (sentinel) return NOT_IMPLEMENTED;
  }
  return hasScaling(spec) ? applyScaling(v, spec, sf) : { kind: 'value', value: v };
}

/** int64/uint64 stay exact bigints unless the spec scales them, which makes an engineering number. */
function decode64(regs: readonly number[], at: number, type: BigIntType, order: ByteOrder, spec: TagCodecSpec, sf: number | undefined): DecodeResult {
  const v = decodeBigInt(regs, type, order, at);
  if (isScratchSentinel64(type === 'int64', spec.sentinel)) return NOT_IMPLEMENTED;
  return hasScaling(spec) ? applyScaling(Number(v), spec, sf) : { kind: 'value', value: v };
}

function timeResult(t: { ok: true; iso: string } | { ok: false; reason: string }): DecodeResult {
  return t.ok ? { kind: 'value', value: t.iso } : decodeError(t.reason);
}
