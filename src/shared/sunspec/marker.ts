import { toConventional } from '../modbus/tables';

/** "SunS": the two holding registers a SunSpec device starts with. */
export const SUNS_MARKER = [0x5375, 0x6e53] as const;
/** Base addresses (0-based wire addresses) where a SunSpec device may put its marker, most common first. */
export const SUNSPEC_BASES = [40000, 0, 50000] as const;
/** The model ID that ends the chain. */
export const END_MODEL_ID = 0xffff;

/**
 * A holding register as the user reads it everywhere in Fieldbench (the Tags table, the CLI, SunSpec discovery):
 * its number in the app's one numbering (toConventional: wire 40000 is 440001), with the wire address beside it.
 */
export function holdingRegisterName(address: number): string {
  return `${toConventional('holding', address)} (wire ${address})`;
}

/** The bases SunSpec discovery looks at, each once: "440001 (wire 40000), 40001 (wire 0) or 450001 (wire 50000)". */
export function sunspecBasesText(): string {
  const names = SUNSPEC_BASES.map(holdingRegisterName);
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
