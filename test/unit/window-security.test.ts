import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Checks the BUILT app, not the sources: the window options the main process really passes to BrowserWindow,
 * and the shape of the main and preload bundles. `npm test` builds first.
 */
const root = path.resolve(__dirname, '..', '..');
const mainDir = path.join(root, 'out', 'main');
const built = (rel: string): string => {
  const file = path.join(root, 'out', rel);
  if (!existsSync(file)) throw new Error(`out/${rel} is missing: run \`npm run build\` first`);
  return file;
};

interface WindowOptionsModule {
  APP_CSP: string;
  appFiles(mainDir: string): { preload: string; indexHtml: string };
  mainWindowOptions(preloadPath: string): { webPreferences?: Record<string, unknown> };
  appUrlPolicy(indexHtml: string, devServerUrl?: string | null): (url: string) => boolean;
}

const load = (): WindowOptionsModule => createRequire(__filename)(built('main/window-options.js')) as WindowOptionsModule;

describe('main window security (built app)', () => {
  it('locks down every web preference and uses the bundled CommonJS preload', () => {
    const mod = load();
    const { preload } = mod.appFiles(mainDir);
    expect(preload.endsWith('.cjs')).toBe(true);
    expect(existsSync(preload)).toBe(true);
    const prefs = mod.mainWindowOptions(preload).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload,
    });
  });

  it('enforces a CSP without unsafe-inline or unsafe-eval', () => {
    const csp = load().APP_CSP;
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });

  it('treats only its own index.html (and the dev server in development) as the app', () => {
    const mod = load();
    const { indexHtml } = mod.appFiles(mainDir);
    const own = pathToFileURL(indexHtml).href;
    const isApp = mod.appUrlPolicy(indexHtml);
    expect(isApp(own)).toBe(true);
    expect(isApp(`${own}#/live`)).toBe(true);
    expect(isApp(own.replace('index.html', 'other.html'))).toBe(false);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('https://example.com/')).toBe(false);
    expect(isApp('http://localhost:5173/')).toBe(false);
    const dev = mod.appUrlPolicy(indexHtml, 'http://localhost:5173');
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('main really uses those options, and the preload is one bundle that requires only electron', () => {
    const main = readFileSync(built('main/index.js'), 'utf8');
    expect(main).toMatch(/require\(["']\.\/window-options(\.js)?["']\)/);
    const preload = readFileSync(built('preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).not.toMatch(/exposeInMainWorld\(\s*["'][^"']+["']\s*,\s*(electron\.)?ipcRenderer\b/);
  });
});
