import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectState } from '../../shared/contract';
import { FieldbenchError } from '../../shared/errors';
import { emptyProject, type Project } from '../../shared/project/schema';
import { migrateProject } from '../../shared/project/migrate';
import { exists, readJsonFile, writeFileAtomic } from './atomic-file';
import { RecentProjects } from './recent';

export { PROJECT_EXTENSION } from '../../shared/project/file-name';
import { PROJECT_EXTENSION } from '../../shared/project/file-name';

export interface ProjectStoreOptions {
  dataDir: string;
  workspaceDir: string;
  /** Unsaved changes are written to the recovery file this long after the last change. */
  autosaveDelayMs?: number;
  onState: (state: ProjectState) => void;
}

interface RecoveryDoc {
  format: 'fieldbench-recovery';
  path: string | null;
  at: number;
  project: unknown;
}

/**
 * The open project: the document, where it lives, and whether it has unsaved changes.
 * Unsaved changes are autosaved to a recovery file in the data folder (atomically), so a crash or a killed
 * process loses at most the last autosave delay; Save writes the project file and clears the recovery file.
 */
export class ProjectStore {
  readonly recent: RecentProjects;
  private doc: Project = emptyProject('Untitled');
  private file: string | null = null;
  private dirty = false;
  private savedAt: number | null = null;
  private autosavedAt: number | null = null;
  private migratedFrom: number | null = null;
  private recovered = false;
  private autosaveTimer: NodeJS.Timeout | null = null;
  /** The recovery write under way (or the last one, settled). */
  private writing: Promise<void> = Promise.resolve();
  private readonly recoveryFile: string;

  constructor(private readonly opts: ProjectStoreOptions) {
    this.recent = new RecentProjects(opts.dataDir);
    this.recoveryFile = path.join(opts.dataDir, 'autosave', 'recovery.json');
  }

  get project(): Project {
    return this.doc;
  }

  get state(): ProjectState {
    return {
      name: this.doc.name,
      path: this.file,
      dirty: this.dirty,
      savedAt: this.savedAt,
      autosavedAt: this.autosavedAt,
      migratedFrom: this.migratedFrom,
      recovered: this.recovered,
    };
  }

  /** Restore unsaved work from the last session if there is any. Returns true when it did. */
  async restoreRecovery(): Promise<boolean> {
    if (!(await exists(this.recoveryFile))) return false;
    try {
      const rec = (await readJsonFile(this.recoveryFile)) as RecoveryDoc;
      const { project, migratedFrom } = migrateProject(rec.project);
      this.doc = project;
      this.file = rec.path;
      this.dirty = true;
      this.recovered = true;
      this.migratedFrom = migratedFrom;
      this.autosavedAt = rec.at;
      this.emit();
      return true;
    } catch {
      // A recovery file that cannot be read is kept aside for support, not silently deleted.
      await fs.rename(this.recoveryFile, `${this.recoveryFile}.unreadable-${Date.now()}`).catch(() => undefined);
      return false;
    }
  }

  /** Apply a change to the document; marks it dirty and schedules an autosave. */
  update(change: (p: Project) => Project): Project {
    this.doc = { ...change(this.doc), modifiedAt: new Date().toISOString() };
    this.dirty = true;
    this.scheduleAutosave();
    this.emit();
    return this.doc;
  }

  async newProject(name: string, seed?: (p: Project) => Project): Promise<ProjectState> {
    this.doc = seed ? seed(emptyProject(name)) : emptyProject(name);
    this.file = null;
    this.dirty = false;
    this.savedAt = null;
    this.migratedFrom = null;
    this.recovered = false;
    await this.clearRecovery();
    this.emit();
    return this.state;
  }

  async open(file: string): Promise<ProjectState> {
    let raw: unknown;
    try {
      raw = await readJsonFile(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') throw new FieldbenchError('not_found', `project file not found: ${file}`);
      if (err instanceof SyntaxError) throw new FieldbenchError('invalid_input', `${path.basename(file)} is not valid JSON: ${err.message}`);
      throw new FieldbenchError('io_error', `cannot read ${file}: ${e.message}`);
    }
    const { project, migratedFrom } = migrateProject(raw);
    this.doc = project;
    this.file = path.resolve(file);
    this.dirty = false;
    this.savedAt = (await fs.stat(file)).mtimeMs;
    this.migratedFrom = migratedFrom;
    this.recovered = false;
    await this.clearRecovery();
    await this.recent.touch(this.file, project.name);
    this.emit();
    return this.state;
  }

  async save(): Promise<ProjectState> {
    if (!this.file) throw new FieldbenchError('invalid_input', 'this project has not been saved yet: use Save As to choose a file');
    return this.saveAs(this.file);
  }

  async saveAs(file: string): Promise<ProjectState> {
    const abs = path.resolve(file);
    try {
      await writeFileAtomic(abs, `${JSON.stringify(this.doc, null, 2)}\n`);
    } catch (err) {
      throw new FieldbenchError('io_error', `cannot write ${abs}: ${(err as Error).message}`);
    }
    this.file = abs;
    this.dirty = false;
    this.savedAt = Date.now();
    this.migratedFrom = null;
    this.recovered = false;
    await this.clearRecovery();
    await this.recent.touch(abs, this.doc.name);
    this.emit();
    return this.state;
  }

  /** Resolve a bare file name in the workspace folder; refuses anything that would leave it. */
  workspacePath(name: string): string {
    const fileName = name.endsWith(PROJECT_EXTENSION) ? name : `${name}${PROJECT_EXTENSION}`;
    const resolved = path.resolve(this.opts.workspaceDir, fileName);
    if (path.dirname(resolved) !== path.resolve(this.opts.workspaceDir)) {
      throw new FieldbenchError('invalid_input', `"${name}" is not a file name in the workspace folder`);
    }
    return resolved;
  }

  async workspaceFiles(): Promise<string[]> {
    try {
      const names = await fs.readdir(this.opts.workspaceDir);
      return names.filter((n) => n.endsWith(PROJECT_EXTENSION)).sort();
    } catch {
      return [];
    }
  }

  get workspaceDir(): string {
    return path.resolve(this.opts.workspaceDir);
  }

  /** Write any pending autosave now (on shutdown). */
  async flush(): Promise<void> {
    // An autosave the timer started a moment ago may still be writing: shutdown waits for it too.
    await this.writing;
    if (this.autosaveTimer) {
      clearTimeout(this.autosaveTimer);
      this.autosaveTimer = null;
      await this.autosave();
    }
  }

  /** At most one delay after the first unsaved change: a steady stream of edits must not keep pushing it back. */
  private scheduleAutosave(): void {
    if (this.autosaveTimer) return;
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      void this.autosave();
    }, this.opts.autosaveDelayMs ?? 1000);
  }

  /** Write the recovery file, one write at a time; flush() waits for the one under way. */
  private autosave(): Promise<void> {
    const next = this.writing.then(() => this.writeRecovery());
    this.writing = next;
    return next;
  }

  private async writeRecovery(): Promise<void> {
    if (!this.dirty) return;
    const rec: RecoveryDoc = { format: 'fieldbench-recovery', path: this.file, at: Date.now(), project: this.doc };
    try {
      await writeFileAtomic(this.recoveryFile, JSON.stringify(rec));
      this.autosavedAt = rec.at;
      this.emit();
    } catch {
      // The next change tries again; the status bar shows the last good autosave time.
    }
  }

  private async clearRecovery(): Promise<void> {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
    this.autosavedAt = null;
    await this.writing; // a write under way would put the file back after the rm
    await fs.rm(this.recoveryFile, { force: true });
  }

  private emit(): void {
    this.opts.onState(this.state);
  }
}
