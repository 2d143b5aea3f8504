import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/csp';

/**
 * Writes the CSP meta tag of index.html from src/shared/csp.ts, the one policy of the app. The built page may
 * connect to the web-mode bridge on loopback; frame-ancestors is dropped because a meta tag cannot carry it. Only
 * the dev server (npm run dev) relaxes scripts and styles, for React Refresh and Vite's injected CSS.
 */
function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'fieldbench-csp-meta',
    configResolved(c) {
      dev = c.command === 'serve';
    },
    transformIndexHtml(html) {
      let csp = contentSecurityPolicy('ws://127.0.0.1:* ws://localhost:*')
        .split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; ');
      if (dev) csp = csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
      return html.replace('%FIELDBENCH_CSP%', csp);
    },
  };
}

/**
 * main: the Electron main process (thin) plus window-options as its own entry, so tests can load the exact
 *       options the built app uses without an Electron binary.
 * preload: bundled fully into one CommonJS file, because a sandboxed preload cannot require() modules.
 * renderer: React, served by Electron from out/renderer and by the WebSocket bridge in web mode.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'window-options': resolve(__dirname, 'src/main/window-options.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), cspMeta()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
