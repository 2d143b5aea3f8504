import { evaluateImport, type EvalProgress, type EvalRequest, type EvalResponse, type SourceCache } from './evaluate';

type WorkerReply = { t: 'progress'; p: EvalProgress } | { t: 'done'; res: EvalResponse } | { t: 'failed'; draftId: number; message: string };

/** One evaluation as the store asks for it: always with the file, and whether it must be parsed again (a new sheet). */
export type ImportJob = Omit<EvalRequest, 'bytes'> & { bytes: Uint8Array; reparse: boolean };

export interface ImportRunner {
  /** Where the work runs: 'worker', or 'page' when this window cannot start one. */
  where(): 'worker' | 'page';
  run(job: ImportJob, onProgress: (p: EvalProgress) => void): Promise<EvalResponse>;
  forget(draftId: number): void;
}

interface Executor {
  /** Drafts whose parsed source this executor holds. */
  parsed: Set<number>;
  exec(req: EvalRequest, onProgress: (p: EvalProgress) => void): Promise<EvalResponse>;
  forget(draftId: number): void;
}

/** Let the page paint ("Reading…") before work that holds its thread. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function pageExecutor(): Executor {
  const cache: SourceCache = new Map();
  return {
    parsed: new Set(),
    async exec(req, onProgress) {
      await nextFrame();
      return evaluateImport(req, cache, onProgress);
    },
    forget: (id) => void cache.delete(id),
  };
}

function workerExecutor(worker: Worker, onBroken: () => void): Executor {
  let failure: string | null = null;
  /** Jobs waiting for a reply: a worker that dies (or never starts: a policy, a missing file) fails them all. */
  const waiting = new Set<(why: string) => void>();
  const fail = (why: string) => {
    if (failure !== null) return;
    failure = why;
    onBroken();
    for (const reject of [...waiting]) reject(why);
    waiting.clear();
  };
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    fail(e.message || 'the import worker could not start');
  });
  worker.addEventListener('messageerror', () => fail('a message from the import worker could not be read'));
  return {
    parsed: new Set(),
    exec: (req, onProgress) =>
      new Promise<EvalResponse>((resolve, reject) => {
        if (failure !== null) return reject(new BrokenWorker(failure));
        const broken = (why: string) => {
          worker.removeEventListener('message', onMessage);
          reject(new BrokenWorker(why));
        };
        const onMessage = (e: MessageEvent<WorkerReply>) => {
          const m = e.data;
          if (m.t === 'progress') {
            if (m.p.draftId === req.draftId) onProgress(m.p);
            return;
          }
          if ((m.t === 'done' ? m.res.draftId : m.draftId) !== req.draftId) return;
          worker.removeEventListener('message', onMessage);
          waiting.delete(broken);
          if (m.t === 'done') resolve(m.res);
          else reject(new Error(m.message));
        };
        waiting.add(broken);
        worker.addEventListener('message', onMessage);
        // Copied, not transferred: the page keeps the bytes to parse again when the sheet changes.
        worker.postMessage(req);
      }),
    forget: (id) => {
      if (failure === null) worker.postMessage({ forget: id });
    },
  };
}

class BrokenWorker extends Error {}

/**
 * Runs import evaluations one at a time, in order, in a Web Worker, so a huge workbook never freezes the page.
 * If the worker cannot start (a window whose policy forbids it) or dies, the work moves to the page: slower for
 * huge files, never lost.
 */
export function createImportRunner(): ImportRunner {
  const page = pageExecutor();
  let worker: Worker | null = null;
  let current: Executor = page;
  try {
    worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'fieldbench-import' });
    current = workerExecutor(worker, () => {
      worker?.terminate();
      worker = null;
      current = page;
    });
  } catch {
    current = page;
  }
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = async (job: ImportJob, onProgress: (p: EvalProgress) => void): Promise<EvalResponse> => {
    for (;;) {
      const ex = current;
      const { bytes, reparse, ...rest } = job;
      const req: EvalRequest = reparse || !ex.parsed.has(job.draftId) ? { ...rest, bytes } : rest;
      try {
        const res = await ex.exec(req, onProgress);
        if (res.source) ex.parsed.add(job.draftId);
        else ex.parsed.delete(job.draftId);
        return res;
      } catch (err) {
        if (err instanceof BrokenWorker && ex !== page) continue; // once more, in the page
        throw err;
      }
    }
  };

  return {
    where: () => (current === page ? 'page' : 'worker'),
    run(job, onProgress) {
      const next = queue.then(() => runOne(job, onProgress));
      queue = next.catch(() => undefined);
      return next;
    },
    forget(id) {
      for (const ex of new Set([current, page])) {
        ex.parsed.delete(id);
        ex.forget(id);
      }
    },
  };
}
