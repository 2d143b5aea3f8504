#!/usr/bin/env node
/**
 * The gateway bundle's entry (`node gateway.js [--config FILE]`): `fieldbench gateway run` alone, bundled by esbuild
 * into one file with its packages, so an edge device needs nothing but Node.js. The config defaults to gateway.json
 * beside the bundle's folder (the bundle's own layout: runtime/gateway.js, gateway.json).
 */
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import { untilSignal } from '../signals';
import { gatewayRunCommand } from './gateway-run';

const args = process.argv.slice(2);
const argv = args.includes('--config') ? args : ['--config', path.join(__dirname, '..', 'gateway.json'), ...args];
gatewayRunCommand(argv, (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`), untilSignal()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'gateway.failed', message: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(err instanceof FieldbenchError && err.code === 'invalid_input' ? 2 : 1);
  },
);
