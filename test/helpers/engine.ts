import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineOptions } from '../../src/engine/engine';

export function tempDir(prefix = 'fieldbench-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real engine on temporary folders. */
export async function makeEngine(extra: Partial<EngineOptions> = {}): Promise<{ engine: Engine; dir: string; dispose: () => Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const engine = new Engine({
    host: 'cli',
    version: '0.0.0-test',
    dataDir: path.join(dir, 'data'),
    workspaceDir: path.join(dir, 'projects'),
    autosaveDelayMs: 50,
    ...extra,
  });
  await engine.start();
  return {
    engine,
    dir,
    dispose: async () => {
      await engine.close();
      cleanup();
    },
  };
}
