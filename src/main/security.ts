import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../shared/csp';

/** The one permission our own page may use: writing text to the clipboard (copy a value or a register map). */
const ALLOWED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Session-wide rules: every other permission (camera, notifications, serial, HID...) is denied, and our pages get the
 * CSP as a response header as well as the renderer's meta tag. In development the dev server's WebSocket (hot
 * reload) is added to connect-src; nothing else is relaxed.
 */
export function hardenSession(session: Session, isAppUrl: (url: string) => boolean, devServerUrl: string | null): void {
  const allowed = (contents: WebContents | null, permission: string) => ALLOWED.has(permission) && !!contents && isAppUrl(contents.getURL());
  session.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(contents, permission)));
  session.setPermissionCheckHandler((contents, permission) => allowed(contents, permission));
  session.setDevicePermissionHandler(() => false);
  const devWs = devServerUrl ? new URL(devServerUrl).host : null;
  const csp = devWs ? contentSecurityPolicy(`ws://${devWs}`) : contentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) return callback({});
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}

/** Per window: no navigation away from the app, no new windows, no <webview>. */
export function hardenWindow(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  const stayHome = (event: { preventDefault(): void; url: string }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
