import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { FieldbenchApi } from '../shared/api';
import { FieldbenchError } from '../shared/errors';

/**
 * The application menu. File items call the engine through the same typed API the renderer uses; the renderer
 * learns the outcome from the project.state event, so the menu and the UI never disagree.
 */
export function buildMenu(api: FieldbenchApi, window: () => BrowserWindow | null, devTools: boolean): Menu {
  const report = async (err: unknown): Promise<void> => {
    if (err instanceof FieldbenchError && err.code === 'cancelled') return;
    const message = err instanceof Error ? err.message : String(err);
    const win = window();
    const opts = { type: 'error' as const, title: 'Fieldbench', message: 'The project action failed', detail: message };
    await (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
  };
  /** New and Open replace the open project: ask first when it has unsaved changes. */
  const mayDiscard = async (): Promise<boolean> => {
    const state = await api.projectState({});
    if (!state.dirty) return true;
    const win = window();
    const opts = {
      type: 'warning' as const,
      title: 'Fieldbench',
      message: `"${state.name}" has unsaved changes.`,
      detail: 'They will be lost.',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    };
    const { response } = await (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
    return response === 0;
  };
  const run = (action: () => Promise<unknown>) => () => void action().catch(report);

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New', accelerator: 'CmdOrCtrl+N', click: run(async () => (await mayDiscard()) && api.projectNew({})) },
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: run(async () => (await mayDiscard()) && api.projectOpen({ source: { kind: 'dialog' } })) },
      { type: 'separator' },
      {
        label: '&Save',
        accelerator: 'CmdOrCtrl+S',
        click: run(async () => ((await api.projectState({})).path ? api.projectSave({}) : api.projectSaveAs({ target: { kind: 'dialog' } }))),
      },
      { label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', click: run(() => api.projectSaveAs({ target: { kind: 'dialog' } })) },
      { type: 'separator' },
      { label: '&Quit', accelerator: 'CmdOrCtrl+Q', click: () => app.quit() },
    ],
  };
  const edit: MenuItemConstructorOptions = { label: '&Edit', role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(devTools ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  };
  return Menu.buildFromTemplate([file, edit, view]);
}
