import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { createClient } from '../shared/api';
import { startDemoPeers } from '../engine/demo-peers';
import { Engine } from '../engine/engine';
import { startDemoSimulator } from '../engine/modbus/sim/start-demo';
import { nativeDialogs } from './dialogs';
import { registerContractIpc } from './ipc';
import { buildMenu } from './menu';
import { hardenSession, hardenWindow } from './security';
import { installShutdown, onShutdown } from './shutdown';
import { osSecretStore } from './secret-store';
import { appFiles, appUrlPolicy, mainWindowOptions } from './window-options';

/** Electron main: lifecycle and wiring only. Everything the app does lives in the engine, behind the contract. */

const APP_ID = 'com.fieldbench.desktop';

/** FIELDBENCH_HOME (tests, portable use) puts all app data under one folder, as it does for the CLI and web mode. */
function folders(): { dataDir: string; workspaceDir: string } {
  const home = process.env['FIELDBENCH_HOME'];
  if (home) {
    app.setPath('userData', path.resolve(home));
    return { dataDir: path.resolve(home, 'data'), workspaceDir: path.resolve(home, 'projects') };
  }
  return { dataDir: path.join(app.getPath('userData'), 'data'), workspaceDir: path.join(app.getPath('documents'), 'Fieldbench') };
}

async function start(dirs: { dataDir: string; workspaceDir: string }): Promise<void> {
  await app.whenReady();
  const files = appFiles(__dirname);
  const devServerUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
  const isAppUrl = appUrlPolicy(files.indexHtml, devServerUrl);
  hardenSession(session.defaultSession, isAppUrl, devServerUrl);

  let win: BrowserWindow | null = null;
  const currentWindow = () => win;

  const simulator = await startDemoSimulator().catch((err: unknown) => {
    console.error(`demo plant simulator not started: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
  if (simulator) onShutdown(() => simulator.close());
  // The OPC UA demo server and the EtherNet/IP controller simulator beside the demo plant, as web mode starts them.
  const peers = await startDemoPeers(dirs.dataDir, (line) => console.error(`note: ${line}`));
  onShutdown(() => peers.close());

  const engine = new Engine({
    host: 'electron',
    version: app.getVersion(),
    ...dirs,
    dialogs: nativeDialogs(currentWindow, dirs.workspaceDir),
    simulator: simulator?.target ?? null,
    demos: peers.targets,
    secrets: osSecretStore(dirs.dataDir),
  });
  onShutdown(() => engine.close());
  await engine.start();

  onShutdown(registerContractIpc(engine, currentWindow, isAppUrl));
  const api = createClient({ invoke: (name, input) => engine.dispatch(name, input), subscribe: (name, l) => engine.subscribe(name, l) });
  Menu.setApplicationMenu(buildMenu(api, currentWindow, !app.isPackaged));

  const openWindow = (): void => {
    const w = new BrowserWindow(mainWindowOptions(files.preload));
    win = w;
    hardenWindow(w.webContents, isAppUrl);
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (win === w) win = null;
    });
    const loading = devServerUrl ? w.loadURL(devServerUrl) : w.loadFile(files.indexHtml);
    loading.catch((err: unknown) => console.error(`cannot load the UI: ${err instanceof Error ? err.message : String(err)}`));
  };
  openWindow();

  app.on('second-instance', () => {
    if (!win) return openWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (!win) openWindow();
  });
}

app.setName('Fieldbench');
const dirs = folders();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  installShutdown();
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start(dirs).catch((err: unknown) => {
    dialog.showErrorBox('Fieldbench could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
    app.exit(1);
  });
}
