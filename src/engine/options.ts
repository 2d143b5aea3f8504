import type { SecretStore } from './opcua/secrets';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from './app-info';

/** File dialogs belong to the host (Electron's native dialogs); web mode has none and uses the workspace folder. */
export interface HostDialogs {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSaveTarget(suggestedName: string): Promise<string | null>;
}

export interface EngineOptions {
  host: AppInfo['host'];
  version: string;
  /** App data: recent list, autosave recovery, write audit log. */
  dataDir: string;
  /** Where web mode lists and saves projects by name. */
  workspaceDir: string;
  dialogs?: HostDialogs;
  /** The built-in simulator started as the default target, shown in app.info and seeded into a first project. */
  simulator?: { host: string; port: number; unitId: number } | null;
  /** The OPC UA demo server and the EtherNet/IP controller simulator the host started, if it did. */
  demos?: { opcuaUrl: string | null; cip: { host: string; port: number } | null };
  autosaveDelayMs?: number;
  /** Where OPC UA passwords are kept: the desktop app seals them with the OS secret store; default a 0600 file. */
  secrets?: SecretStore;
}

export function defaultDirs(): { dataDir: string; workspaceDir: string } {
  const home = process.env['FIELDBENCH_HOME'] ?? path.join(os.homedir(), '.fieldbench');
  return { dataDir: path.join(home, 'data'), workspaceDir: path.join(home, 'projects') };
}
