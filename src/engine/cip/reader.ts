import { FieldbenchError } from '../../shared/errors';
import { encodeTagPath, type TagSegment } from './epath';
import { decodeReply, encodeMultiple, encodeRequest, SERVICE, splitMultiple, type CipReply } from './messages';
import type { CipSession } from './session';
import { cipStatusName, isCipError } from './status';
import { readWireType, type WireType } from './types';

/** One tag element to read: its key and its reference. */
export interface TagRead {
  key: string;
  segs: readonly TagSegment[];
}

export type TagResult = { ok: true; type: WireType; data: Buffer } | { ok: false; reason: string };

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

  constructor(private readonly session: CipSession) {}

  async read(reads: readonly TagRead[]): Promise<Map<string, TagResult>> {
    const out = new Map<string, TagResult>();
    this.requestsLastRead = 0;
    const requests = reads.map((r) => {
      let req = this.requests.get(r.segs);
      if (!req) this.requests.set(r.segs, (req = readTagRequest(r.segs)));
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
    const result = readResult(await this.session.request(req));
    if (result.ok) this.replySizes.set(read.key, 4 + result.data.length + 4);
    return result;
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
    group.forEach((g, i) => {
      let result: TagResult;
      try {
        result = readResult(decodeReply(parts[i]!));
      } catch (err) {
        result = { ok: false, reason: `malformed reply (${(err as Error).message})` };
      }
      if (result.ok) this.replySizes.set(g.read.key, 4 + result.data.length + 4);
      out.set(g.read.key, result);
    });
    return out;
  }
}
