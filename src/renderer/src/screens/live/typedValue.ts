/**
 * What the operator typed, as the value to send: a number where it reads as one (1234, -5, 3.14, 1e3, 0x04D2) unless
 * the tag holds text (its type says so, or its live value is text), else the text as typed for the engine to judge.
 */
export function typedValue(text: string, dataType: string, live: unknown): number | string {
  const s = text.trim();
  // Text too: a 64-bit integer beyond 2^53, which a number would round.
  if (/^string$/i.test(dataType) || typeof live === 'string' || (/^[-+]?\d+$/.test(s) && !Number.isSafeInteger(Number(s)))) return s;
  if (/^[-+]?0x[0-9a-f]+$/i.test(s)) return (s.startsWith('-') ? -1 : 1) * parseInt(s.replace(/^[-+]?0x/i, ''), 16);
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
  return s;
}
