// Layer rules from ../shared/DESIGN.md: arrows point one way. Each layer under src/ has an allow-list (the layers,
// npm packages and Node built-ins it may import); anything not on it is an error. A local rule rather than
// no-restricted-imports: that rule matches the import's text, so it cannot tell src/engine from a folder called
// "engine" elsewhere, and it does not look at import() at all. This one resolves every relative import against the
// importing file and checks static imports, re-exports, import(), import('x').T types and require('x').
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const SRC = fileURLToPath(new URL('./src/', import.meta.url));

/**
 * The allow-lists. `layers`: the other layers it may import (its own files always); `packages`: npm packages by name
 * (any subpath of them too); `node`: Node built-ins, `node:fs` and bare `fs` alike.
 */
const LAYERS = {
  shared: {
    layers: [],
    // fflate: the XLSX reader (import/xlsx.ts) and the bundled SunSpec models (sunspec/models.ts) inflate zip data.
    packages: ['zod', 'fflate'],
    node: false,
    why: 'shared is pure TypeScript that runs in the page, a worker and the engine: itself, zod and fflate only.',
  },
  renderer: {
    layers: ['shared'],
    packages: ['react', 'react-dom', 'zustand', 'uplot'],
    node: false,
    why: 'The renderer reaches the engine only through the contract (window.fieldbench or the WebSocket bridge).',
  },
  engine: {
    // gateway: the Deploy screen's requests (handlers/gateway.ts) run the pre-flight and the bundle writer.
    layers: ['shared', 'gateway'],
    // Later protocols are listed ahead: OPC UA, MQTT client and broker, EtherNet/IP, Sparkplug B payloads.
    packages: ['zod', 'serialport', 'node-opcua', 'mqtt', 'aedes', 'st-ethernet-ip', 'sparkplug-payload', 'ws'],
    node: true,
    why: 'The engine is the headless runtime every host composes: never electron, UI code or a host.',
  },
  bridge: { layers: ['engine', 'shared'], packages: ['ws'], node: true, why: 'The bridge serves the contract over a WebSocket.' },
  cli: { layers: ['engine', 'bridge', 'gateway', 'shared'], packages: [], node: true, why: 'The CLI is a host of the engine.' },
  // node-opcua: the gateway's northbound OPC UA server (loaded through the engine's lazy loader, src/engine/opcua/lib.ts);
  // fflate: the .zip of an exported bundle.
  gateway: { layers: ['engine', 'shared'], packages: ['node-opcua', 'fflate'], node: true, why: 'The headless gateway is a host of the engine, run by the CLI.' },
  main: { layers: ['engine', 'shared'], packages: ['electron'], node: true, why: 'main is the thin Electron host of the engine.' },
  preload: { layers: ['shared'], packages: ['electron'], node: false, why: 'The sandboxed preload exposes the contract and nothing else.' },
};

const isNodeBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec) || builtinModules.includes(spec.split('/')[0]);
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
/** The entry of src/ a path is in ("engine"), or null outside src. */
const layerOf = (file) => {
  const rel = path.relative(SRC, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep)[0];
};

/** Why `spec`, imported from `file` in layer `name`, breaks that layer's allow-list; null when it is allowed. */
function problem(name, file, spec) {
  const layer = LAYERS[name];
  const bare = spec.replace(/[?#].*$/, ''); // Vite suffixes such as ?worker
  if (bare.startsWith('.') || bare.startsWith('/')) {
    const target = layerOf(path.resolve(path.dirname(file), bare));
    if (target === name || layer.layers.includes(target)) return null;
    return target ? `src/${name} may not import src/${target} ("${spec}")` : `src/${name} may not import "${spec}", which is outside src`;
  }
  if (isNodeBuiltin(bare)) return layer.node ? null : `src/${name} may not import the Node built-in "${spec}"`;
  if (layer.packages.includes(packageName(bare))) return null;
  return `"${packageName(bare)}" is not on the packages src/${name} may import (${layer.packages.join(', ') || 'none'})`;
}

const allowedImports = {
  meta: { type: 'problem', schema: [], docs: { description: 'Each layer of src/ imports only what its allow-list in eslint.config.mjs names.' } },
  create(context) {
    const file = context.physicalFilename;
    const name = layerOf(file);
    if (name === null) return {};
    if (!(name in LAYERS)) {
      return { Program: (node) => context.report({ node, message: `src/${name} is not a layer of eslint.config.mjs: give it an allow-list there.` }) };
    }
    const check = (source) => {
      if (!source) return;
      const spec = source.type === 'Literal' ? source.value : source.type === 'TemplateLiteral' && source.expressions.length === 0 ? source.quasis[0].value.cooked : null;
      if (typeof spec !== 'string') {
        context.report({ node: source, message: `src/${name}: an import of a computed path cannot be checked against the layer rules; import a literal path.` });
        return;
      }
      const why = problem(name, file, spec);
      if (why) context.report({ node: source, message: `${why}. ${LAYERS[name].why}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node.arguments[0]);
      },
    };
  },
};

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
    files: ['src/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    plugins: { layers: { rules: { 'allowed-imports': allowedImports } } },
    rules: { 'layers/allowed-imports': 'error' },
  },
);
