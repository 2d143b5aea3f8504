import { useEffect, useState } from 'react';
import { valueView } from '../../lib/tagValue';
import type { LiveTag } from '../../store/tagValues';

/** The tag's registers and value as the table showed them when the solver opened for it. */
export interface SolverSample {
  registers: number[];
  at: number;
  /** The value as the table showed it then: "12.73". */
  text: string;
}

function sampleOf(row: LiveTag | undefined, width: number): SolverSample | null {
  const raw = row?.reading.raw;
  if (!row || !raw || raw.length < width || row.reading.quality.status === 'bad') return null;
  return { registers: raw.slice(0, width), at: row.reading.receivedAt, text: valueView(row.reading).text };
}

const sameWords = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * The solver works on a sample taken when it opens for a tag (the value the operator was looking at), not on
 * whatever the next poll brings while they type; `moved` says the tag has read another value since (Freeze helps).
 */
export function useSolverSample(key: string, row: LiveTag | undefined, width: number) {
  const [sample, setSample] = useState<{ key: string; s: SolverSample } | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const current = sample?.key === key ? sample.s : null;

  useEffect(() => {
    setMoved(null);
    const s = sampleOf(row, width);
    setSample(s ? { key, s } : null);
    // A new sample only when the solver opens for another tag (or is asked for one): not on every poll.
  }, [key, width]);

  useEffect(() => {
    const now = sampleOf(row, width);
    if (!now) return;
    if (!current) setSample({ key, s: now });
    else if (!sameWords(now.registers, current.registers)) setMoved(now.text);
  }, [row, width, key, current]);

  return {
    sample: current,
    /** The value the tag has read since the sample, when it differs. */
    moved: current ? moved : null,
    retake: () => {
      const s = sampleOf(row, width);
      setMoved(null);
      setSample(s ? { key, s } : null);
    },
  };
}
