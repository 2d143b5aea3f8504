import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateProject } from '../../src/shared/project/migrate';
import { PROJECT_VERSION } from '../../src/shared/project/schema';
import { ProjectStore } from '../../src/engine/project/store';
import type { ProjectState } from '../../src/shared/contract';
import { FieldbenchError } from '../../src/shared/errors';
import { fileNameProblem } from '../../src/shared/project/file-name';
import { tempDir } from '../helpers/engine';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function store(dir: string, states: ProjectState[] = []) {
  return new ProjectStore({ dataDir: path.join(dir, 'data'), workspaceDir: path.join(dir, 'projects'), autosaveDelayMs: 20, onState: (s) => states.push(s) });
}

const V1 = {
  format: 'fieldbench-project',
  version: 1,
  name: 'Pump house (0.0.3 preview)',
  createdAt: '2026-01-10T08:00:00.000Z',
  modifiedAt: '2026-01-10T09:00:00.000Z',
  devices: [
    { id: 'dev-1', name: 'Pump 1', host: '10.0.0.21', port: 502, unitId: 1 },
    { id: 'dev-2', name: 'Pump 2', host: '10.0.0.21', port: 502, unitId: 2 },
    { id: 'dev-3', name: 'Meter', host: '10.0.0.30', port: 5020, unitId: 7 },
  ],
};

describe('project file format', () => {
  it('migrates a version 1 project: devices on one endpoint share one connection', () => {
    const { project, migratedFrom } = migrateProject(V1);
    expect(migratedFrom).toBe(1);
    expect(project.version).toBe(PROJECT_VERSION);
    expect(project.connections).toHaveLength(2);
    expect(project.connections[0]).toMatchObject({ kind: 'tcp', host: '10.0.0.21', port: 502 });
    const [p1, p2, meter] = project.devices;
    expect(p1!.connectionId).toBe(p2!.connectionId);
    expect(meter!.connectionId).not.toBe(p1!.connectionId);
    expect(meter).toMatchObject({ id: 'dev-3', name: 'Meter', unitId: 7 });
    expect(project.gateway.publishOnChange).toBe(true);
  });

  it('refuses files it cannot read, saying why', () => {
    const codeOf = (raw: unknown) => {
      try {
        migrateProject(raw);
        return 'parsed';
      } catch (e) {
        return `${(e as FieldbenchError).code}: ${(e as Error).message}`;
      }
    };
    expect(codeOf([1, 2])).toMatch(/^invalid_input: not a Fieldbench project/);
    expect(codeOf({ format: 'something-else', version: 2 })).toMatch(/"format" must be/);
    expect(codeOf({ ...V1, version: 99 })).toMatch(/^unsupported: .*newer Fieldbench/);
    const bad = migrateProject.bind(null, { ...V1, version: 2, devices: [{ id: 'x', name: 'y', protocol: 'modbus', connectionId: 'c', unitId: 300 }] });
    expect(bad).toThrow(FieldbenchError);
    try {
      bad();
    } catch (e) {
      expect((e as FieldbenchError).issues?.[0]?.path).toBe('devices.0.unitId');
    }
  });
});

describe('project store', () => {
  it('saves, reopens, and lists recent projects', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const s = store(dir);
    await s.newProject('Line 3');
    s.update((p) => ({ ...p, connections: [{ kind: 'tcp', id: 'c1', name: 'PLC', host: '192.0.2.10', port: 502, timeoutMs: 1000, maxInFlight: 1 }] }));
    expect(s.state.dirty).toBe(true);
    const file = s.workspacePath('line3');
    const saved = await s.saveAs(file);
    expect(saved).toMatchObject({ dirty: false, path: file, name: 'Line 3' });
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8')) as { version: number; connections: unknown[] };
    expect(onDisk.version).toBe(PROJECT_VERSION);
    expect(onDisk.connections).toHaveLength(1);

    const again = store(dir);
    await again.open(file);
    expect(again.project.connections[0]).toMatchObject({ host: '192.0.2.10' });
    const recent = await again.recent.list();
    expect(recent[0]).toMatchObject({ path: file, name: 'Line 3', exists: true });
    expect(await again.recent.pathOf(recent[0]!.id)).toBe(file);
    expect(await again.workspaceFiles()).toEqual(['line3.fieldbench.json']);
  });

  it('recovers unsaved changes after a crash', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const states: ProjectState[] = [];
    const s = store(dir, states);
    await s.newProject('Unsaved work');
    s.update((p) => ({ ...p, name: 'Unsaved work, edited' }));
    for (let i = 0; i < 50 && !s.state.autosavedAt; i++) await new Promise((r) => setTimeout(r, 20));
    expect(s.state.autosavedAt).not.toBeNull();
    // The process dies here: no save, no flush. A new session starts on the same data folder.
    const next = store(dir);
    expect(await next.restoreRecovery()).toBe(true);
    expect(next.project.name).toBe('Unsaved work, edited');
    expect(next.state).toMatchObject({ recovered: true, dirty: true, path: null });
    // Saving clears the recovery file.
    await next.saveAs(next.workspacePath('recovered'));
    expect(await store(dir).restoreRecovery()).toBe(false);
  });

  it('a shutdown that comes while an autosave is writing waits for it: the recovery file is whole and nothing writes after', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const s = new ProjectStore({ dataDir: path.join(dir, 'data'), workspaceDir: path.join(dir, 'projects'), autosaveDelayMs: 0, onState: () => undefined });
    await s.newProject('Shutdown race');
    s.update((p) => ({ ...p, name: 'Shutdown race, edited' }));
    // The timer fires on the next turn and starts the write; the shutdown's flush comes right behind it.
    await new Promise((r) => setTimeout(r, 0));
    await s.flush();
    expect(s.state.autosavedAt).not.toBeNull();
    const next = new ProjectStore({ dataDir: path.join(dir, 'data'), workspaceDir: path.join(dir, 'projects'), onState: () => undefined });
    expect(await next.restoreRecovery()).toBe(true);
    expect(next.project.name).toBe('Shutdown race, edited');
  });

  it('autosaves one delay after the first unsaved change, however often edits keep coming', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const s = new ProjectStore({ dataDir: path.join(dir, 'data'), workspaceDir: path.join(dir, 'projects'), autosaveDelayMs: 1000, onState: () => undefined });
      await s.newProject('Busy');
      // An edit every 600 ms for 8 s: a timer restarted by each change would never fire while the edits go on.
      const settle = async () => {
        // The autosave writes with real file I/O: give it up to 300 ms of real time (only timers are faked).
        const until = performance.now() + 300;
        while (!s.state.autosavedAt && performance.now() < until) await new Promise((r) => setImmediate(r));
      };
      let savedAfterEdit = 0;
      for (let i = 1; i <= 13 && !savedAfterEdit; i++) {
        s.update((p) => ({ ...p, name: `Busy ${i}` }));
        vi.advanceTimersByTime(600);
        await settle();
        if (s.state.autosavedAt) savedAfterEdit = i;
      }
      // 1000 ms after the first change: during the second 600 ms step.
      expect(savedAfterEdit).toBe(2);
      const next = store(dir);
      expect(await next.restoreRecovery()).toBe(true);
      expect(next.project.name).toMatch(/^Busy \d+$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses file names Windows cannot keep, and cleans up what a killed save left behind', async () => {
    expect(fileNameProblem('Pump house 3')).toBeNull();
    expect(fileNameProblem('CON')).toMatch(/device names on Windows/);
    expect(fileNameProblem('lpt1.backup')).toMatch(/device names on Windows/);
    expect(fileNameProblem('name.')).toMatch(/cannot end with "\."/);
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const s = store(dir);
    await s.newProject('Tidy');
    const target = s.workspacePath('tidy');
    await fs.mkdir(path.dirname(target), { recursive: true });
    // A save killed between writing its temporary file and the rename leaves this behind.
    const leftover = `${target}.99999.1700000000000.tmp`;
    await fs.writeFile(leftover, '{"half": ');
    await s.saveAs(target);
    expect((await fs.readdir(path.dirname(target))).sort()).toEqual(['tidy.fieldbench.json']);
  });

  it('opens a version 1 file and says it was migrated', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'old.fieldbench.json');
    await fs.writeFile(file, `\ufeff${JSON.stringify(V1)}`);
    const s = store(dir);
    const st = await s.open(file);
    expect(st.migratedFrom).toBe(1);
    expect(s.project.devices).toHaveLength(3);
    await fs.writeFile(file, '{ not json');
    await expect(s.open(file)).rejects.toThrow(/is not valid JSON/);
    await expect(s.open(path.join(dir, 'missing.fieldbench.json'))).rejects.toThrow(/not found/);
  });
});
