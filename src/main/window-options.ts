import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { contentSecurityPolicy } from '../shared/csp';

/**
 * The main window's options, in their own build entry (out/main/window-options.js) with no Electron import, so a
 * plain-Node test loads exactly what the app uses. Every web preference that matters for security is spelled out.
 */

/** The policy the window enforces (response header and the renderer's meta tag): the bridge's, without a ws origin. */
export const APP_CSP = contentSecurityPolicy();

/** Where the built preload and renderer sit relative to out/main. */
export function appFiles(mainDir: string): { preload: string; indexHtml: string } {
  return {
    // Bundled CommonJS: a sandboxed preload cannot load ES modules or require() anything but 'electron'.
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    indexHtml: path.join(mainDir, '..', 'renderer', 'index.html'),
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Fieldbench',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/**
 * Which URLs are the app itself: the built index.html (any hash or query) or, in development only, the
 * electron-vite dev server's origin. Used to allow navigation and to accept IPC from a frame.
 */
export function appUrlPolicy(indexHtml: string, devServerUrl?: string | null): (url: string) => boolean {
  const own = new URL(pathToFileURL(indexHtml).href);
  const dev = devServerUrl ? new URL(devServerUrl).origin : null;
  const samePath = process.platform === 'win32' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  return (url: string) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol === 'file:') return u.host === own.host && samePath(u.pathname, own.pathname);
    return dev !== null && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev;
  };
}
