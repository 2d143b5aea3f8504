import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/engine/project/atomic-file';
import { makeEngine, tempDir } from '../helpers/engine';

// Issue 14 item 11: a save survives a power cut (the folder is flushed after the rename), and names Windows cannot
// keep are refused by the engine before anything is written.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('project files', () => {
  it('an atomic save flushes the file, renames it over the target, then flushes the folder', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'p.fieldbench.json');
    const log: string[] = [];
    const rel = (p: unknown) => path.relative(dir, String(p)).replace(/\.\d+\.\d+\.tmp$/, '.tmp') || '.';
    const open = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation(async (p, flags, mode) => {
      const handle = await open(p, flags, mode);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        log.push(`sync ${rel(p)}`);
        return sync();
      };
      log.push(`open ${rel(p)} ${String(flags)}`);
      return handle;
    });
    const rename = fs.rename.bind(fs);
    vi.spyOn(fs, 'rename').mockImplementation(async (a, b) => {
      log.push(`rename ${rel(a)} -> ${rel(b)}`);
      return rename(a, b);
    });
    await writeFileAtomic(file, '{"ok":true}');
    expect(log).toEqual(['open p.fieldbench.json.tmp w', 'sync p.fieldbench.json.tmp', 'rename p.fieldbench.json.tmp -> p.fieldbench.json', 'open . r', 'sync .']);
    expect(await fs.readFile(file, 'utf8')).toBe('{"ok":true}');
  });

  it('the engine refuses CON and "name." as workspace names, and writes nothing for them', async () => {
    const { engine, dir, dispose } = await makeEngine();
    cleanups.push(dispose);
    for (const name of ['CON', 'con.backup', 'name.', 'name..']) {
      const r = (await engine.dispatch('project.saveAs', { target: { kind: 'workspace', name } })) as { ok: boolean; error?: { code: string; message: string; issues?: { message: string }[] } };
      expect(r.ok, name).toBe(false);
      expect(r.error!.code).toBe('invalid_input');
      expect(r.error!.issues?.[0]?.message).toMatch(name.startsWith('c') || name.startsWith('C') ? /device names on Windows/ : /cannot (end with "\." or a space|start with "\." or contain "\.\.")/);
    }
    const written = await fs.readdir(path.join(dir, 'projects')).catch(() => []);
    expect(written).toEqual([]);
    const ok = (await engine.dispatch('project.saveAs', { target: { kind: 'workspace', name: 'name' } })) as { ok: boolean };
    expect(ok.ok).toBe(true);
    expect(await fs.readdir(path.join(dir, 'projects'))).toEqual(['name.fieldbench.json']);
  });
});
