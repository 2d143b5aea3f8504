import { z } from 'zod';
import { SCALABLE_TYPES, Sentinel, TAG_WIDTH, TagOrder, TagType, UNSIGNED_TYPES } from './types';

/** Enum labels keyed by the raw value as a decimal string ({"0": "Off", "1": "Sleeping"}), as JSON keeps them. */
export const EnumLabels = z.record(z.string().regex(/^\d{1,10}$/, 'enum keys are raw values 0..4294967295'), z.string().min(1).max(100));
/** Bit-field flag names keyed by bit number 0..31 ({"0": "Ground fault", "3": "Over temperature"}). */
export const FlagNames = z.record(z.string().regex(/^([0-9]|[12][0-9]|3[01])$/, 'flag keys are bit numbers 0..31'), z.string().min(1).max(100));

export const Clamp = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'clamp min is above max');

/**
 * How one tag's registers become an engineering value and back. Decoding applies, in this order: the raw type and
 * byte order, the not-implemented sentinel, the SunSpec scale factor (raw * 10^sf), linear scaling
 * (x * scale + offset), then clamping.
 */
export const TagCodecFields = z.object({
    type: TagType,
    order: TagOrder.default('ABCD'),
    /** Bit number 0 (least significant) .. 15, for type 'bit'. */
    bit: z.number().int().min(0).max(15).optional(),
    /** Registers of a string (two characters each). */
    length: z.number().int().min(1).max(125).optional(),
    scale: z.number().finite().refine((s) => s !== 0, 'scale cannot be 0').default(1),
    offset: z.number().finite().default(0),
    /**
     * Address of the SunSpec scale-factor register (an int16, same unit and table) that scales this tag.
     * The engine reads it and passes its raw word to decodeTag/encodeTag as ctx.sf.
     */
    sfAddress: z.number().int().min(0).max(65535).optional(),
    clamp: Clamp.optional(),
    labels: EnumLabels.optional(),
    flags: FlagNames.optional(),
    sentinel: Sentinel.default('none'),
  });

/** The rules between fields of a spec (a bit tag needs its bit, a string its length...), shared with the project Tag. */
export function checkCodecSpec(s: z.output<typeof TagCodecFields>, ctx: z.RefinementCtx): void {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.type === 'bit' && s.bit === undefined) issue('bit', 'a bit tag needs a bit number 0..15');
    if (s.type !== 'bit' && s.bit !== undefined) issue('bit', `a bit number only applies to type bit, not ${s.type}`);
    if (s.type === 'string' && s.length === undefined) issue('length', 'a string needs its length in registers');
    if (s.type !== 'string' && s.length !== undefined) issue('length', `a length only applies to strings, not ${s.type}`);
    if (!SCALABLE_TYPES.has(s.type)) {
      if (s.scale !== 1 || s.offset !== 0) issue('scale', `${s.type} values cannot be scaled`);
      if (s.sfAddress !== undefined) issue('sfAddress', `${s.type} values cannot take a scale factor`);
      if (s.clamp !== undefined) issue('clamp', `${s.type} values cannot be clamped`);
    }
    if (s.labels !== undefined && s.type !== 'enum16' && s.type !== 'enum32') issue('labels', `labels only apply to enum16/enum32, not ${s.type}`);
    if (s.flags !== undefined) {
      if (s.type !== 'bitfield16' && s.type !== 'bitfield32') issue('flags', `flag names only apply to bitfield16/bitfield32, not ${s.type}`);
      else if (s.type === 'bitfield16' && Object.keys(s.flags).some((k) => Number(k) > 15)) issue('flags', 'a bitfield16 has bits 0..15');
    }
    if (s.sentinel === 'sunspec-acc' && !UNSIGNED_TYPES.has(s.type)) issue('sentinel', 'the accumulator sentinel applies to uint16/uint32/uint64');
}

export const TagCodecSpec = TagCodecFields.superRefine(checkCodecSpec);
export type TagCodecSpec = z.infer<typeof TagCodecSpec>;
export type TagCodecSpecInput = z.input<typeof TagCodecSpec>;

/** Parse a spec (throws a ZodError on a bad one). */
export function codecSpec(input: TagCodecSpecInput): TagCodecSpec {
  return TagCodecSpec.parse(input);
}

/** Registers one value of this spec occupies. */
export function tagWidth(spec: Pick<TagCodecSpec, 'type' | 'length'>): number {
  return spec.type === 'string' ? (spec.length ?? 0) : TAG_WIDTH[spec.type];
}
