import { FieldbenchError } from '../../shared/errors';
import { encodeTagPath, type TagSegment } from './epath';
import { decodeReply, encodeMultiple, encodeRequest, SERVICE, splitMultiple, type CipReply } from './messages';
import type { CipSession } from './session';
import { CipTemplates } from './templates';
import { cipStatusName, isCipError } from './status';
import { readWireType, type WireType } from './types';

/** One tag element (or `count` elements from it) to read: its key and its reference. */
export interface TagRead {
  key: string;
  segs: readonly TagSegment[];
  /** Elements in one Read Tag (an array slice); 1 unless told. */
  count?: number;
}

export type TagResult = { ok: true; type: WireType; data: Buffer } | { ok: false; reason: string };

/** General status 0x06: more data than one reply carries. */
const PARTIAL = 0x06;
/** Bytes of a Multiple Service Packet beyond its embedded messages: request header and count, reply header and count. */
const MSP_REQUEST_OVERHEAD = 2 + 4 + 2;
const MSP_REPLY_OVERHEAD = 4 + 2;
/** A guess at a reply's data before the tag was read once (a DINT is 6 bytes with its type, a STRING 92). */
const UNKNOWN_REPLY = 16;

export function readTagRequest(segs: readonly TagSegment[], count = 1): Buffer {
  const n = Buffer.alloc(2);
  n.writeUInt16LE(count, 0);
  return encodeRequest(SERVICE.READ_TAG, encodeTagPath(segs), n);
}

/** A Read Tag reply as a result: its type and data, or its status named. */
export function readResult(reply: CipReply): TagResult {
  if (isCipError(reply.general)) return { ok: false, reason: cipStatusName(reply) };
  try {
    const { type, size } = readWireType(reply.data, 0);
    return { ok: true, type, data: reply.data.subarray(size) };
  } catch (err) {
    return { ok: false, reason: `malformed Read Tag reply (${(err as Error).message})` };
  }
}

/**
 * Reads tags on one session: several per Multiple Service Packet, each packet within the connection size both ways
 * (reply sizes learnt from the previous scan), or one Read Tag per tag on a controller without Multiple Service
 * Packet (learnt from its first refusal). Connection failures throw; a tag the controller refuses is a failed result.
 */
export class TagReader {
  private readonly replySizes = new Map<string, number>();
  /** Read Tag requests by segments: the same tags are parsed once (planReads) and their requests sent every scan. */
  private readonly requests = new WeakMap<readonly TagSegment[], Buffer>();
  requestsLastRead = 0;
  /** The controller's templates, for structures read whole. */
  readonly templates: CipTemplates;

  constructor(private readonly session: CipSession) {
    this.templates = new CipTemplates(session);
  }

  async read(reads: readonly TagRead[]): Promise<Map<string, TagResult>> {
    const out = new Map<string, TagResult>();
    this.requestsLastRead = 0;
    const requests = reads.map((r) => {
      let req = this.requests.get(r.segs);
      if (!req) this.requests.set(r.segs, (req = readTagRequest(r.segs, r.count ?? 1)));
      return { read: r, req };
    });
    if (this.session.multipleServices !== false && requests.length > 1) {
      for (const group of this.groups(requests)) {
        if (!this.multipleAllowed() || group.length === 1) {
          for (const g of group) out.set(g.read.key, await this.single(g.read, g.req));
          continue;
        }
        const results = await this.multiple(group);
        if (results) for (const [k, v] of results) out.set(k, v);
        else for (const g of group) out.set(g.read.key, await this.single(g.read, g.req));
      }
      return out;
    }
    for (const r of requests) out.set(r.read.key, await this.single(r.read, r.req));
    return out;
  }

  /** Re-read on each group: the first packet may teach that the controller refuses them. */
  private multipleAllowed(): boolean {
    return this.session.multipleServices !== false;
  }

  private async single(read: TagRead, req: Buffer): Promise<TagResult> {
    this.requestsLastRead++;
    const reply = await this.session.request(req);
    const result = reply.general === PARTIAL ? await this.fragmented(read, reply) : readResult(reply);
    if (result.ok) this.replySizes.set(read.key, 4 + result.data.length + 4);
    return result;
  }

  /** The rest of a reply larger than the connection: Read Tag Fragmented from where the last part ended. */
  private async fragmented(read: TagRead, first: CipReply): Promise<TagResult> {
    const head = readResult({ ...first, general: 0 });
    if (!head.ok) return head;
    const chunks = [head.data];
    let offset = head.data.length;
    const path = encodeTagPath(read.segs);
    for (;;) {
      const data = Buffer.alloc(6);
      data.writeUInt16LE(read.count ?? 1, 0);
      data.writeUInt32LE(offset, 2);
      this.requestsLastRead++;
      const reply = await this.session.request(encodeRequest(SERVICE.READ_TAG_FRAGMENTED, path, data));
      if (reply.general !== 0 && reply.general !== PARTIAL) return { ok: false, reason: `Read Tag Fragmented at byte ${offset}: ${cipStatusName(reply)}` };
      const part = readResult({ ...reply, general: 0 });
      if (!part.ok) return part;
      chunks.push(part.data);
      offset += part.data.length;
      if (reply.general === 0) return { ok: true, type: head.type, data: Buffer.concat(chunks) };
      if (!part.data.length) return { ok: false, reason: `Read Tag Fragmented at byte ${offset}: the controller sent no data` };
    }
  }

  /** Requests packed so that each packet and its reply fit the connection. */
  private groups(requests: { read: TagRead; req: Buffer }[]): { read: TagRead; req: Buffer }[][] {
    const limit = this.session.connectionSize;
    const groups: { read: TagRead; req: Buffer }[][] = [];
    let cur: typeof requests = [];
    let reqBytes = MSP_REQUEST_OVERHEAD;
    let replyBytes = MSP_REPLY_OVERHEAD;
    for (const r of requests) {
      const rq = r.req.length + 2;
      const rp = (this.replySizes.get(r.read.key) ?? UNKNOWN_REPLY) + 2;
      if (cur.length && (reqBytes + rq > limit || replyBytes + rp > limit)) {
        groups.push(cur);
        cur = [];
        reqBytes = MSP_REQUEST_OVERHEAD;
        replyBytes = MSP_REPLY_OVERHEAD;
      }
      cur.push(r);
      reqBytes += rq;
      replyBytes += rp;
    }
    if (cur.length) groups.push(cur);
    return groups;
  }

  /** One Multiple Service Packet; null when the controller does not take it (then it is not tried again). */
  private async multiple(group: { read: TagRead; req: Buffer }[]): Promise<Map<string, TagResult> | null> {
    this.requestsLastRead++;
    const reply = await this.session.request(encodeMultiple(group.map((g) => g.req)));
    if (reply.general === 0x08 || reply.general === 0x05 || reply.general === 0x04) {
      this.session.multipleServices = false;
      return null;
    }
    // The packet as a whole did not fit: read these one by one this time (their sizes are learnt for the next).
    if (reply.general === 0x11 || reply.general === 0x1b) return null;
    if (reply.general !== 0 && reply.general !== 0x1e) throw new FieldbenchError('protocol_error', `Multiple Service Packet: ${cipStatusName(reply)}`);
    this.session.multipleServices = true;
    let parts: Buffer[];
    try {
      parts = splitMultiple(reply.data);
    } catch (err) {
      throw new FieldbenchError('protocol_error', `malformed Multiple Service Packet reply (${(err as Error).message})`);
    }
    if (parts.length !== group.length) throw new FieldbenchError('protocol_error', `Multiple Service Packet reply holds ${parts.length} replies for ${group.length} requests`);
    const out = new Map<string, TagResult>();
    const larger: { read: TagRead; req: Buffer }[] = [];
    group.forEach((g, i) => {
      let result: TagResult;
      try {
        const reply = decodeReply(parts[i]!);
        // More than fits in its share of the packet: read on its own (fragmented if need be) below.
        if (reply.general === PARTIAL) return void larger.push(g);
        result = readResult(reply);
      } catch (err) {
        result = { ok: false, reason: `malformed reply (${(err as Error).message})` };
      }
      if (result.ok) this.replySizes.set(g.read.key, 4 + result.data.length + 4);
      out.set(g.read.key, result);
    });
    for (const g of larger) out.set(g.read.key, await this.single(g.read, g.req));
    return out;
  }
}
