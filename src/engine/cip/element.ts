import type { CipSource } from '../../shared/project/schema';
import { formatSegments, sourceSegments, type TagSegment } from './epath';

/** How the bytes of a Read Tag reply become a tag's value. */
export type ElementShape =
  /** One element: its value (a whole structure: its members). */
  | { kind: 'one' }
  /** `count` elements from the one named: a list. */
  | { kind: 'slice'; count: number }
  /** Bits of a BOOL array, from bit `first`: one BOOL, or a list of `count`. */
  | { kind: 'bits'; first: number; count: number };

/** A project tag source as Read Tag sends it: the path and element count on the wire, and how to read the reply. */
export interface CipElement {
  /** The name as typed (Flags[37], Counts[2]). */
  name: string;
  /** The request path: for a BOOL array element, the index is of the DWORD holding the bit. */
  segs: TagSegment[];
  /** Elements Read Tag asks for (DWORDs for BOOL array bits). */
  count: number;
  shape: ElementShape;
}

/**
 * A source as a Read Tag. Logix packs BOOL arrays 32 to a DWORD: element i of a BOOL array is bit i % 32 of DWORD
 * i / 32, and the controller indexes such an array by DWORD. A source is a BOOL array element when its type is BOOL
 * and its last step is an index (Flags[37]; a BOOL member of a UDT, Motor.Running, is not).
 */
export function cipElement(src: Pick<CipSource, 'tagPath' | 'element' | 'member' | 'count' | 'dataType'>): CipElement {
  const segs = sourceSegments(src);
  const name = formatSegments(segs);
  const n = src.count ?? 1;
  const last = segs[segs.length - 1]!;
  if (src.dataType === 'BOOL' && 'index' in last && last.index.length === 1) {
    const first = last.index[0]!;
    const words = Math.floor((first + n - 1) / 32) - Math.floor(first / 32) + 1;
    return { name, segs: [...segs.slice(0, -1), { index: [Math.floor(first / 32)] }], count: words, shape: { kind: 'bits', first, count: n } };
  }
  return { name, segs, count: n, shape: n > 1 ? { kind: 'slice', count: n } : { kind: 'one' } };
}
