import { z } from 'zod';
import { Id, Tag, TagMap } from '../project/schema';
import { CheckoutMark, CheckoutStatus, PutTagMapInput, TagMapSummary, TagReading, UpdateTagInput } from '../schemas/tags';
import { TagValuesFrame } from '../schemas/tag-frame';
import { Empty } from './app';

export const tagRequests = {
  'tagMaps.list': { input: Empty, output: z.array(TagMapSummary) },
  'tagMaps.get': { input: z.object({ mapId: Id }), output: TagMap },
  'tagMaps.put': { input: PutTagMapInput, output: TagMapSummary },
  'tagMaps.remove': { input: z.object({ mapId: Id }), output: Empty },
  'tags.update': { input: UpdateTagInput, output: Tag },
  'tags.snapshot': { input: Empty, output: z.array(TagReading) },
  /** Send every reading of these tags (a trend chart's), not only each batch's newest, for the next 15 s; pages renew. */
  'tags.follow': { input: z.object({ keys: z.array(z.string().min(1).max(300)).max(16) }), output: Empty },
  /** The engine's recent readings of these tags (the last five minutes): a trend that opens starts with them. */
  'tags.history': {
    input: z.object({ keys: z.array(z.string().min(1).max(300)).max(16) }),
    output: z.array(z.object({ key: z.string(), t: z.array(z.number()), v: z.array(z.number().nullable()) })),
  },
  /** Every checkout mark of the project by tag key: what a page shows after a reload or when a project opens. */
  'tags.marks': { input: Empty, output: z.record(z.string(), CheckoutMark) },
  'tags.checkout': { input: z.object({ key: z.string().min(1).max(300), status: CheckoutStatus, note: z.string().max(500).default('') }), output: CheckoutMark },
  'report.checkout': { input: Empty, output: z.object({ fileName: z.string(), html: z.string() }) },
} as const;

export const tagEvents = {
  'tags.values': TagValuesFrame,
  'tags.changed': z.array(TagMapSummary),
  /** All checkout marks, whenever one is set (from any window) or another project opens. */
  'tags.marks': z.record(z.string(), CheckoutMark),
} as const;
