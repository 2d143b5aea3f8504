import { z } from 'zod';
import { JsonTagValue } from '../codec/json';
import { Quality } from '../quality';
import { CheckoutMark, CheckoutStatus, DisplayName, Id, Tag, TagMap } from '../project/schema';

/** One decoded tag value as the UI, the CLI and the gateway see it. */
export const TagReading = z.object({
  /** "<mapId>/<tag name>": unique in a project. */
  key: z.string(),
  mapId: Id,
  deviceId: Id,
  name: z.string(),
  value: JsonTagValue.nullable(),
  label: z.string().optional(),
  units: z.string(),
  /** The tag's registers as read (Modbus only; hex is a UI concern). */
  raw: z.array(z.number().int()).optional(),
  quality: Quality,
  /** When the source sampled the value, where the protocol says so (OPC UA); not for Modbus. */
  sourceTimestamp: z.number().optional(),
  receivedAt: z.number(),
});
export type TagReading = z.infer<typeof TagReading>;

/** A map holds at most this many tags (a register map of 50,000 points is already a whole plant). */
export const MAX_TAGS_PER_MAP = 50_000;

export const PutTagMapInput = z.object({
  deviceId: Id,
  name: DisplayName,
  tags: z.array(Tag).max(MAX_TAGS_PER_MAP, `a map holds at most ${MAX_TAGS_PER_MAP.toLocaleString('en')} tags`),
  /** Replace this map's tags instead of adding a new map. */
  mapId: Id.optional(),
});

/** Change some fields of one tag (for example the type, order and scale the known-value solver found). */
export const UpdateTagInput = z.object({
  mapId: Id,
  name: z.string().min(1).max(200),
  patch: z.record(z.string(), z.unknown()),
});

export { CheckoutMark, CheckoutStatus };

export const TagMapSummary = TagMap.pick({ id: true, deviceId: true, name: true }).extend({ tagCount: z.number().int() });
export type TagMapSummary = z.infer<typeof TagMapSummary>;
