// Layer rules from ../shared/DESIGN.md: arrows point one way. The renderer talks to the engine only through the
// contract; shared is pure; the engine never imports electron or UI code.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'net', 'http', 'https', 'child_process', 'crypto', 'dgram', 'tls', 'events', 'stream', 'util', 'worker_threads', 'zlib'];
const nodeBuiltins = { group: ['node:*', ...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `${m}/*`)], message: 'Node built-ins belong to the engine side; this layer must stay runnable in a browser.' };
const electron = { group: ['electron', 'electron/*'], message: 'Only src/main and src/preload may import electron.' };
const layer = (dirs, why) => ({ group: dirs.flatMap((d) => [`**/${d}`, `**/${d}/*`, `**/${d}/**`]), message: why });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, nodeBuiltins, layer(['engine', 'main', 'bridge', 'cli', 'preload/index'], 'The renderer reaches the engine only through the contract (window.fieldbench or the WebSocket bridge).')] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, nodeBuiltins, { group: ['react', 'react-dom', 'zustand'], message: 'shared is pure TypeScript: no UI.' }, layer(['engine', 'main', 'bridge', 'cli', 'renderer'], 'shared depends on nothing but itself and zod.')] }],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/bridge/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, { group: ['react', 'react-dom', 'zustand'], message: 'No UI code on the engine side.' }, layer(['renderer', 'main'], 'The engine side never imports the UI or the Electron host.')] }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, layer(['engine', 'bridge', 'cli', 'renderer'], 'The preload exposes the contract and nothing else.')] }],
    },
  },
);
