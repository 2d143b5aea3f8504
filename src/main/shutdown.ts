import { app } from 'electron';

type Task = () => Promise<void> | void;

const tasks: Task[] = [];
let phase: 'running' | 'closing' | 'closed' = 'running';

/** Run before the app exits, in reverse order of registration (last started, first stopped). */
export function onShutdown(task: Task): void {
  tasks.unshift(task);
}

async function runAll(limitMs: number): Promise<void> {
  const all = (async () => {
    for (const t of tasks) {
      try {
        await t();
      } catch (err) {
        console.error('shutdown step failed:', err);
      }
    }
  })();
  // A stuck peer must not keep the app from quitting; the engine has autosaved by then anyway.
  await Promise.race([all, new Promise<void>((resolve) => setTimeout(resolve, limitMs).unref())]);
}

/** Hold the quit until every task has finished (engine flushed, simulator closed), then quit for real. */
export function installShutdown(limitMs = 5000): void {
  app.on('will-quit', (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    void runAll(limitMs).finally(() => {
      phase = 'closed';
      app.quit();
    });
  });
}
