/** 16-bit words as the wire carries them: "04D2 0000". */
export function hexWords(words: readonly number[]): string {
  return words.map((w) => (w & 0xffff).toString(16).toUpperCase().padStart(4, '0')).join(' ');
}

/** Function code as integrators say it: "FC 06". */
export function fcLabel(fc: number): string {
  return `FC ${String(fc).padStart(2, '0')}`;
}

const FC_TEXT: Record<number, string> = {
  5: 'write single coil',
  6: 'write single register',
  15: 'write multiple coils',
  16: 'write multiple registers',
};

export function fcText(fc: number): string {
  return FC_TEXT[fc] ?? `function ${fc}`;
}
