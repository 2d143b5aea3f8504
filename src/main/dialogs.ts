import path from 'node:path';
import { dialog, type BrowserWindow, type FileFilter, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { HostDialogs } from '../engine/engine';
import { PROJECT_EXTENSION, suggestFileName } from '../shared/project/file-name';

const FILTERS: FileFilter[] = [{ name: 'Fieldbench project', extensions: [PROJECT_EXTENSION.slice(1)] }];

/** A project file name always ends in .fieldbench.json, whatever the user typed in the save dialog. */
function withProjectExtension(file: string): string {
  if (file.endsWith(PROJECT_EXTENSION)) return file;
  return `${file.endsWith('.json') ? file.slice(0, -'.json'.length) : file}${PROJECT_EXTENSION}`;
}

/**
 * The engine's file dialogs as native dialogs, modal to the main window; they start in the workspace folder and
 * suggest the file name web mode's save dialog suggests.
 */
export function nativeDialogs(window: () => BrowserWindow | null, workspaceDir: string): HostDialogs {
  return {
    async chooseProjectToOpen() {
      const win = window();
      const opts: OpenDialogOptions = { title: 'Open project', defaultPath: workspaceDir, filters: FILTERS, properties: ['openFile'] };
      const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
    async chooseProjectSaveTarget(suggestedName) {
      const win = window();
      const opts: SaveDialogOptions = { title: 'Save project as', defaultPath: path.join(workspaceDir, `${suggestFileName(suggestedName)}${PROJECT_EXTENSION}`), filters: FILTERS };
      const res = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      return res.canceled || !res.filePath ? null : withProjectExtension(res.filePath);
    },
  };
}
