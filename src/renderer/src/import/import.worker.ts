/// <reference lib="webworker" />
import { evaluateImport, type EvalRequest, type SourceCache } from './evaluate';

/**
 * The register-map importer off the page's thread: a 100,000-row workbook is parsed and checked here while the
 * page keeps drawing and shows progress. Messages: an EvalRequest in; progress, then one response out.
 * `{ forget: draftId }` drops a draft's parsed source.
 */
declare const self: DedicatedWorkerGlobalScope;

const cache: SourceCache = new Map();

self.onmessage = (e: MessageEvent<EvalRequest | { forget: number }>) => {
  const msg = e.data;
  if ('forget' in msg) {
    cache.delete(msg.forget);
    return;
  }
  try {
    const res = evaluateImport(msg, cache, (p) => self.postMessage({ t: 'progress', p }));
    self.postMessage({ t: 'done', res });
  } catch (err) {
    self.postMessage({ t: 'failed', draftId: msg.draftId, message: err instanceof Error ? err.message : String(err) });
  }
};
