import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { formatSize, UnreadableFileError } from './problems';

/** What one read of a workbook may inflate: per part, and all parts of that read together (`used` is shared). */
export interface InflateBudget {
  part: number;
  total: number;
  used: number;
}

/**
 * Compressed bytes pushed per step: deflate inflates at most about 1,032 to 1, so one step never yields more than
 * about 16 MB, however the archive was made.
 */
const SLICE = 16 * 1024;

/** The names of the entries of a zip archive (nothing is inflated). */
export function zipEntryNames(zip: Uint8Array): Set<string> {
  const names = new Set<string>();
  const unzipper = new Unzip((file) => {
    names.add(file.name);
  });
  try {
    unzipper.push(zip, true);
  } catch (err) {
    throw new UnreadableFileError(`this is not a readable XLSX workbook (the zip archive is damaged: ${(err as Error).message})`);
  }
  return names;
}

/**
 * The inflated bytes of one entry, chunk by chunk, pulled: the archive is pushed a slice at a time and each slice's
 * output is handed on before the next is inflated, so no more than one slice's worth is held, whatever the part's
 * size. A part's declared size can lie (a zip bomb declares kilobytes), so the limits hold on the bytes that come
 * out; the read stops the moment one is passed, and stops inflating when the reader stops pulling.
 */
export function* entryChunks(zip: Uint8Array, name: string, budget: InflateBudget): Generator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: string | null = null;
  let entry: UnzipFile | undefined;
  let done = false;
  let size = 0;
  const unzipper = new Unzip((file) => {
    if (entry || file.name !== name) return;
    entry = file;
    file.ondata = (err, chunk, final) => {
      if (err) {
        failure ??= `this is not a readable XLSX workbook (${name} is damaged: ${err.message})`;
        return;
      }
      size += chunk.length;
      budget.used += chunk.length;
      if (size > budget.part) failure ??= `${name} inflates to more than ${formatSize(budget.part)}, the limit for one part of a workbook (maxSheetBytes): save the sheet as CSV`;
      else if (budget.used > budget.total) failure ??= `the workbook inflates to more than ${formatSize(budget.total)}, the limit for a whole workbook (maxInflatedBytes): save the sheet as CSV`;
      if (failure) {
        file.terminate();
        return;
      }
      if (chunk.length) queue.push(chunk);
      if (final) done = true;
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  try {
    for (let off = 0; off < zip.length && !done; off += SLICE) {
      try {
        unzipper.push(zip.subarray(off, off + SLICE), off + SLICE >= zip.length);
      } catch (err) {
        failure ??= `this is not a readable XLSX workbook (the zip archive is damaged: ${(err as Error).message})`;
      }
      if (failure) throw new UnreadableFileError(failure);
      while (queue.length) yield queue.shift()!;
    }
  } finally {
    if (!done && !failure) entry?.terminate();
  }
  if (failure) throw new UnreadableFileError(failure);
}

/** The whole of a small part (the workbook's own XML), under the same limits. */
export function entryText(zip: Uint8Array, name: string, budget: InflateBudget): string {
  const decoder = new TextDecoder();
  let out = '';
  for (const chunk of entryChunks(zip, name, budget)) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}
